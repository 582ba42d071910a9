//! Small intermediate-model values for the emitters' unit tests: a field, a model, an
//! action and a service with every member at a plain default, to be adjusted with
//! struct update syntax.

use crate::ir::{Action, Constraint, ConstraintKind, Field, Model, Service, Status, Type, Usage};

/// An optional input field `wire` of type `ty`, without example or constraints.
pub fn field(wire: &str, ty: Type) -> Field {
    Field {
        wire: wire.to_owned(),
        rust: crate::naming::snake(wire),
        setter: crate::naming::set_method(&crate::naming::snake(wire)),
        with_setter: crate::naming::with_method(&crate::naming::snake(wire)),
        cli_flag: crate::naming::cli_flag(wire, matches!(ty, Type::List(_))),
        ty,
        required: false,
        nullable: false,
        lenient: false,
        must_send: false,
        disabled: false,
        secret: crate::naming::is_secret_member(wire),
        boxed: false,
        holds_validating_model: false,
        default: None,
        description: String::new(),
        doc: Default::default(),
        example: None,
        missing_code: "MissingParameter".to_owned(),
        constraints: Vec::new(),
        deprecated: None,
        notes: None,
    }
}

/// A required input field `wire` of type `ty`.
pub fn required(wire: &str, ty: Type) -> Field {
    Field { required: true, ..field(wire, ty) }
}

/// A constraint of `kind`, without error code or source.
pub fn constraint(kind: ConstraintKind) -> Constraint {
    Constraint { kind, code: None, doc: None, not_enforced: None }
}

/// A model `name` with `fields`.
pub fn model(name: &str, fields: Vec<Field>) -> Model {
    Model {
        name: name.to_owned(),
        wire: name.to_owned(),
        doc: Default::default(),
        usage: Usage::In,
        fields,
        validates: false,
    }
}

/// An online, read-only action `name` (`DescribeX`) with `input`.
pub fn action(name: &str, input: Vec<Field>) -> Action {
    Action {
        name: name.to_owned(),
        symbols: crate::naming::action_symbols(name, crate::naming::snake(name), &mut Default::default()),
        title: Default::default(),
        doc: Default::default(),
        status: Status::Online,
        regions: Vec::new(),
        rate_limit: None,
        signed: true,
        example_program: false,
        input,
        rules: Vec::new(),
        output: Vec::new(),
        idempotent: false,
        sensitive_response: false,
        client_token: None,
        own_errors: false,
        errors: Vec::new(),
        paging: None,
        host: None,
        stream: None,
        binary_body: false,
    }
}

/// The service `demo` (crate `tencentcloud-demo`) with `actions` and `models`.
pub fn service(actions: Vec<Action>, models: Vec<Model>) -> Service {
    Service {
        name: crate::ir::ServiceName::new("demo").expect("a service name"),
        version: "2020-01-01".to_owned(),
        module: "v20200101".to_owned(),
        endpoint: "demo.tencentcloudapi.com".to_owned(),
        crate_name: crate::ir::CrateName::new("tencentcloud-demo").expect("a crate name"),
        crate_version: "0.1.0".to_owned(),
        dir: "demo".to_owned(),
        title: "Demo".to_owned(),
        doc: Default::default(),
        spec_file: "spec/demo/v20200101.yaml".to_owned(),
        models,
        actions,
        offline: Vec::new(),
        codes: Vec::new(),
        fixtures: Vec::new(),
        source: None,
    }
}
