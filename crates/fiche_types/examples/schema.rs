//! Prints the JSON Schema of the record.
fn main() {
    let s = fiche_types::record_schema();
    println!("{}", serde_json::to_string_pretty(&s).unwrap_or_default());
}
