//! A deadline on reading a request body: a client that trickles its body
//! (one byte now and then, to hold a connection and a file descriptor for
//! ever) is answered 408 once `body_read_seconds` have passed since the
//! request arrived, and its connection is closed (the unread body is never
//! waited for). Requests without a body are not affected.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::web::{Bytes, Data};
use actix_web::{Error, HttpResponse, ResponseError};
use futures_util::Stream;

use crate::error::AppError;
use crate::state::AppState;

/// The body stream, cut off at the deadline.
struct Deadline {
    inner: Payload,
    sleep: Pin<Box<tokio::time::Sleep>>,
    fired: Rc<Cell<bool>>,
}

impl Stream for Deadline {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if let Poll::Ready(item) = Pin::new(&mut this.inner).poll_next(cx) {
            return Poll::Ready(item);
        }
        if this.sleep.as_mut().poll(cx).is_ready() {
            this.fired.set(true);
            return Poll::Ready(Some(Err(PayloadError::Io(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "request body too slow",
            )))));
        }
        Poll::Pending
    }
}

/// The middleware.
pub async fn deadline(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let seconds = req
        .app_data::<Data<AppState>>()
        .map_or(15, |s| s.settings.body_read_seconds.max(1));
    let has_body = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .is_some_and(|v| v.as_bytes() != b"0")
        || req.headers().contains_key(header::TRANSFER_ENCODING);
    if !has_body {
        return Ok(next.call(req).await?.map_into_left_body());
    }
    let fired = Rc::new(Cell::new(false));
    let (http, payload) = req.into_parts();
    let stream = Deadline {
        inner: payload,
        sleep: Box::pin(tokio::time::sleep(Duration::from_secs(seconds))),
        fired: fired.clone(),
    };
    let req = ServiceRequest::from_parts(
        http,
        Payload::from(Box::pin(stream) as Pin<Box<dyn Stream<Item = _>>>),
    );
    let res = next.call(req).await?;
    if !fired.get() {
        return Ok(res.map_into_left_body());
    }
    let mut timeout: HttpResponse = AppError::RequestTimeout(seconds).error_response();
    timeout
        .headers_mut()
        .insert(header::CONNECTION, header::HeaderValue::from_static("close"));
    Ok(res.into_response(timeout).map_into_right_body())
}
