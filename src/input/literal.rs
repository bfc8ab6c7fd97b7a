pub fn parse_json() {}
pub fn parse_python() {}
pub struct Node;
pub enum NodeKind {}
