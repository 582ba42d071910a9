//! Reading specs: the YAML format ([`model`]), where each value is ([`locate`]) and
//! loading the files of `spec/` ([`load`]).

pub mod fixtures;
pub mod load;
pub mod locate;
pub mod model;
pub mod overlay;
