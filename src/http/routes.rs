//! One list per module registers each handler with the router *and* with
//! the OpenAPI document: the path and method are read from the handler's
//! `#[utoipa::path]`, so a route and its documentation cannot drift.

use actix_web::dev::Handler;
use actix_web::http::Method;
use actix_web::{FromRequest, Responder, Route, web};
use utoipa::openapi::path::{HttpMethod, Operation};
use utoipa::openapi::schema::Schema;
use utoipa::openapi::{OpenApi, RefOr};

type RouteFactory = Box<dyn Fn() -> Route>;

/// A documented handler: where it is served and how it is described.
pub struct Endpoint {
    path: String,
    methods: Vec<HttpMethod>,
    operation: Operation,
    schemas: Vec<(String, RefOr<Schema>)>,
    route: RouteFactory,
}

fn method(m: &HttpMethod) -> Method {
    match m {
        HttpMethod::Get => Method::GET,
        HttpMethod::Post => Method::POST,
        HttpMethod::Put => Method::PUT,
        HttpMethod::Delete => Method::DELETE,
        HttpMethod::Options => Method::OPTIONS,
        HttpMethod::Head => Method::HEAD,
        HttpMethod::Patch => Method::PATCH,
        HttpMethod::Trace => Method::TRACE,
    }
}

/// The endpoint of a handler annotated with `#[utoipa::path]` (`P` is the
/// `__path_<handler>` type the annotation generates).
pub fn endpoint<P, F, Args>(handler: F) -> Endpoint
where
    P: utoipa::Path + utoipa::__dev::SchemaReferences,
    F: Handler<Args> + Clone + 'static,
    Args: FromRequest + 'static,
    F::Output: Responder + 'static,
{
    let methods = P::methods();
    let mut schemas = Vec::new();
    P::schemas(&mut schemas);
    let verbs: Vec<Method> = methods.iter().map(method).collect();
    let mut operation = P::operation();
    operation.operation_id = Some(operation_id(std::any::type_name::<F>()));
    Endpoint {
        path: P::path(),
        methods,
        operation,
        schemas,
        route: Box::new(move || {
            let mut route = web::route();
            for m in &verbs {
                route = route.method(m.clone());
            }
            route.to(handler.clone())
        }),
    }
}

/// A unique operation id from the handler's module and name
/// (`migrant_desk::http::cases::list` → `cases_list`).
fn operation_id(handler: &str) -> String {
    let mut parts = handler.rsplit("::");
    let name = parts.next().unwrap_or(handler);
    match parts.next() {
        Some(module) => format!("{module}_{name}"),
        None => name.to_string(),
    }
}

/// Orders paths so that a literal segment is tried before a `{parameter}`
/// at the same place (`/organizations/hsds` before `/organizations/{id}`).
fn route_order(path: &str) -> Vec<(bool, &str)> {
    path.split('/').map(|s| (s.starts_with('{'), s)).collect()
}

/// Registers every endpoint with the router, one resource per path.
pub fn register(cfg: &mut web::ServiceConfig, mut endpoints: Vec<Endpoint>) {
    endpoints.sort_by(|a, b| route_order(&a.path).cmp(&route_order(&b.path)));
    let mut i = 0;
    while i < endpoints.len() {
        let path = endpoints[i].path.clone();
        let mut resource = web::resource(path.as_str());
        while i < endpoints.len() && endpoints[i].path == path {
            resource = resource.route((endpoints[i].route)());
            i += 1;
        }
        cfg.service(resource);
    }
}

/// Adds every endpoint's operation and schemas to the document.
pub fn document(doc: &mut OpenApi, endpoints: Vec<Endpoint>) {
    let components = doc.components.get_or_insert_with(Default::default);
    for e in endpoints {
        for (name, schema) in e.schemas {
            components.schemas.entry(name).or_insert(schema);
        }
        doc.paths.add_path_operation(e.path, e.methods, e.operation);
    }
}
