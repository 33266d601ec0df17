//! Whether the client of a request is still connected. actix-web does not
//! drop a handler when its client hangs up, so a sign-in abandoned while
//! waiting for a password check would still cost an argon2 run; the
//! hashing thread asks this first and skips the work when the client has
//! gone. The socket is remembered per connection (`remember`, installed
//! with `HttpServer::on_connect`); it stays open while the handler waits,
//! so its descriptor cannot be reused meanwhile.

use std::any::Any;
use std::sync::Arc;

use actix_web::HttpRequest;
use actix_web::dev::Extensions;

use crate::auth::hashing_threads::StillThere;

/// The connection's socket descriptor.
#[derive(Debug, Clone, Copy)]
struct PeerSocket(i32);

/// `HttpServer::on_connect` hook: remembers the TCP socket of a connection.
pub fn remember(connection: &dyn Any, data: &mut Extensions) {
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        if let Some(tcp) = connection.downcast_ref::<actix_web::rt::net::TcpStream>() {
            data.insert(PeerSocket(tcp.as_raw_fd()));
        }
    }
    #[cfg(not(unix))]
    let _ = (connection, data);
}

/// Asks the socket, without reading from it, whether the peer closed it.
#[cfg(unix)]
fn connected(fd: i32) -> bool {
    let mut byte = [0u8; 1];
    // SAFETY: recv reads at most one byte into a buffer of one byte, on a
    // descriptor that stays open while the request's handler runs.
    let n = unsafe {
        libc::recv(
            fd,
            byte.as_mut_ptr().cast(),
            1,
            libc::MSG_PEEK | libc::MSG_DONTWAIT,
        )
    };
    match n {
        0 => false,
        n if n > 0 => true,
        _ => matches!(
            std::io::Error::last_os_error().raw_os_error(),
            Some(libc::EAGAIN | libc::EINTR)
        ),
    }
}

#[cfg(not(unix))]
fn connected(_: i32) -> bool {
    true
}

/// A check the hashing thread runs before the work: None when the
/// connection is not known (a test server), then the work always runs.
pub fn still_there(req: &HttpRequest) -> Option<StillThere> {
    let PeerSocket(fd) = *req.conn_data::<PeerSocket>()?;
    Some(Arc::new(move || connected(fd)))
}
