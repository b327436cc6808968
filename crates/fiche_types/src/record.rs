//! One record per fiche: the contract of `docs/record.md`, key for key.
//!
//! Every key is always present; a field whose label is absent or empty is
//! `null`, never `""` or `0`. Field order here is the output order.

use crate::diagnostic::Diagnostic;
use crate::vocab::{AccessMode, EconomicTag, Period, StructureType};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The record contract version written in every record.
pub const SCHEMA_VERSION: u32 = 1;

/// The schema's `$id`: a URN that names the record contract and its
/// version (`urn:fiche:record:` then [`SCHEMA_VERSION`]), so that
/// downstream tools can pin it; it is not a web address to fetch.
pub const SCHEMA_ID: &str = "urn:fiche:record:1";

/// One fiche, normalised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "fiche record", extend("$id" = SCHEMA_ID))]
pub struct Record {
    /// Always 1 for this contract.
    #[schemars(range(min = 1, max = 1))]
    pub schema_version: u32,
    /// The id of the profile the fiche was read with.
    pub profile: String,
    /// The name from the fiche heading.
    pub name: Option<String>,
    /// Type de structure.
    pub structure_type: Option<Category>,
    /// Création: a year.
    #[schemars(range(min = 1000, max = 9999))]
    pub founded: Option<u16>,
    /// Membre depuis: an ISO 8601 date at the precision given (`2019`, `2019-05`, `2019-05-14`).
    #[schemars(regex(pattern = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"))]
    pub member_since: Option<String>,
    /// Organisation de la structure.
    pub organisation: Option<Text>,
    /// Nombre d'employé·es.
    pub employees: Option<Count>,
    /// Nombre de bénévoles.
    pub volunteers: Option<Count>,
    /// Rôles des membres.
    pub member_roles: Option<Text>,
    /// Typologie des utilisateur·ices des services.
    pub user_types: Option<Text>,
    /// Assistance aux utilisateur·ices.
    pub user_support: Option<Text>,
    /// Modalités d'accès aux services.
    pub access: Option<Checklist>,
    /// Autres modèles économiques.
    pub economic_model: Option<EconomicModel>,
    /// Fields the profile knows that have no key of their own, in the order written.
    pub extra_fields: Vec<ExtraField>,
    /// Facts found inside the free text.
    pub mentions: Mentions,
    /// Where the record came from.
    pub source: Source,
    /// Problems found, in input order.
    pub diagnostics: Vec<Diagnostic>,
}

/// A category: the slug to group by, and the wording as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// The slug.
    pub value: StructureType,
    /// The wording as written in the fiche.
    pub label: String,
}

/// A head count: the number and the text it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Count {
    /// The number of people: the single best number (the middle of a range).
    pub value: u32,
    /// The value as written.
    pub raw: String,
    /// Lower bound when the text gives one (`40-50`, `20+`, `plus de 20`),
    /// else `null`.
    pub min: Option<u32>,
    /// Upper bound when the text gives one (`40-50`, `moins de 5`), else `null`.
    pub max: Option<u32>,
    /// True when the text gives an order of magnitude (`une dizaine`,
    /// `environ 20`, `plus de 20`). Every key is in every record, so that
    /// tools that infer a table from the records see the same columns in
    /// all of them; records written before these keys were always there
    /// read back with `false`.
    #[serde(default)]
    #[schemars(required)]
    pub approximate: bool,
}

/// A free-text value: the whole text, and its structure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// The whole value, blocks joined by `\n`; list items as `marker text`, nested ones indented.
    pub text: String,
    /// Paragraphs and lists, in order.
    pub blocks: Vec<Block>,
}

/// A paragraph or a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Block {
    /// One paragraph (one line of the export).
    Paragraph {
        /// The paragraph's text.
        text: String,
    },
    /// A list, items in order.
    List {
        /// The first item's marker as written (`•`, `-`, `1.`, `1/`, `a)`…).
        marker: String,
        /// The items.
        items: Vec<ListItem>,
    },
}

/// One list item, with its nested items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListItem {
    /// The item's text, marker removed.
    pub text: String,
    /// Items nested under this one.
    pub items: Vec<ListItem>,
}

/// The access checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    /// Slugs, in the order written.
    pub values: Vec<AccessMode>,
    /// The lines as written, one per value.
    pub labels: Vec<String>,
}

/// The economic model: free text plus the funding tags found in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EconomicModel {
    /// As [`Text::text`].
    pub text: String,
    /// As [`Text::blocks`].
    pub blocks: Vec<Block>,
    /// Funding tags, a set in vocabulary order.
    #[schemars(extend("uniqueItems" = true))]
    pub tags: Vec<EconomicTag>,
}

/// A field known to the profile with no key of its own in v1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtraField {
    /// The profile's label for the field.
    pub label: String,
    /// As [`Text::text`].
    pub text: String,
    /// As [`Text::blocks`].
    pub blocks: Vec<Block>,
}

/// Facts found inside the free text of a fiche.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mentions {
    /// Money amounts.
    pub amounts: Vec<Amount>,
    /// Numbers of people.
    pub headcounts: Vec<Headcount>,
    /// URLs, in order of appearance, without duplicates.
    pub urls: Vec<String>,
    /// E-mail addresses, in order of appearance, without duplicates.
    pub emails: Vec<String>,
    /// Years, in order of appearance, without duplicates.
    pub years: Vec<u16>,
}

/// A money amount mentioned in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Amount {
    /// The amount.
    pub amount: f64,
    /// ISO 4217 code.
    #[schemars(regex(pattern = "^[A-Z]{3}$"))]
    pub currency: String,
    /// The period paid for, if said.
    pub per: Option<Period>,
    /// The words it was read from.
    pub text: String,
}

/// A number of people mentioned in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Headcount {
    /// The number (the middle of a range).
    pub value: u32,
    /// True when the text gives an order of magnitude ("une vingtaine").
    pub approximate: bool,
    /// The words it was read from.
    pub text: String,
    /// Lower bound when the text gives a range (`40-50 adhérents`), else `null`.
    pub min: Option<u32>,
    /// Upper bound when the text gives a range, else `null`.
    pub max: Option<u32>,
}

/// Where a record came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The input path as given, `-` for standard input.
    pub path: String,
    /// 0-based number of the fiche in its input.
    pub index: u32,
    /// 1-based first line (the heading).
    #[schemars(range(min = 1))]
    pub line_start: u32,
    /// 1-based last line, inclusive.
    #[schemars(range(min = 1))]
    pub line_end: u32,
    /// The encoding the input was decoded with (WHATWG label).
    pub encoding: String,
}
