//! The closed vocabularies of the record: every slug a downstream tool can
//! group by. Each enum serialises as its slug and parses back from it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A string that is not a slug of the vocabulary it was checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownSlug {
    /// The vocabulary's name, e.g. `structure_type`.
    pub vocabulary: &'static str,
    /// The string that was given.
    pub found: String,
    /// The slugs that would have been accepted.
    pub expected: &'static [&'static str],
}

impl fmt::Display for UnknownSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown {} slug `{}`, expected one of {}",
            self.vocabulary,
            self.found,
            self.expected.join(", ")
        )
    }
}

impl std::error::Error for UnknownSlug {}

/// Declares a slug enum: serde names, `slug()`, `ALL`, and `FromStr`.
macro_rules! slug_enum {
    (
        $(#[$meta:meta])*
        $name:ident as $vocab:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $slug:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $slug)] $variant, )+
        }

        impl $name {
            /// Every value, in the contract's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Every slug, in the contract's order.
            pub const SLUGS: &'static [&'static str] = &[$($slug),+];

            /// The slug written in records.
            pub fn slug(self) -> &'static str {
                match self { $($name::$variant => $slug),+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownSlug;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($slug => Ok($name::$variant),)+
                    _ => Err(UnknownSlug { vocabulary: $vocab, found: s.to_owned(), expected: Self::SLUGS }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.slug())
            }
        }
    };
}

slug_enum! {
    /// The kind of legal structure, ChatonsInfos' `organization.type` in lower case.
    StructureType as "structure_type" {
        /// A non-profit association (loi 1901 and the like).
        Association = "association",
        /// An informal collective with no legal entity.
        Informal = "informal",
        /// A cooperative (SCIC, SCOP, …).
        Cooperative = "cooperative",
        /// A micro-enterprise or sole trader.
        Microcompany = "microcompany",
        /// A company (SAS, SARL, …).
        Company = "company",
        /// A private individual.
        Individual = "individual",
        /// Anything else; the record keeps the label as written.
        Other = "other",
    }
}

slug_enum! {
    /// One line of the access checklist; maps one to one onto ChatonsInfos'
    /// `service.registration` (None, Free, Member, Client).
    AccessMode as "access" {
        /// Open to everyone, no sign-up.
        OpenWithoutSignup = "open_without_signup",
        /// Open to everyone after signing up.
        OpenAfterSignup = "open_after_signup",
        /// Reserved to members or co-operators.
        MembersOnly = "members_only",
        /// Reserved to paying clients.
        ClientsOnly = "clients_only",
        /// A line the vocabulary does not know; the label is kept.
        Other = "other",
    }
}

slug_enum! {
    /// How a structure is funded, as found in its economic-model text.
    EconomicTag as "economic_model.tags" {
        /// Prix libre, cotisation libre, participation libre.
        PayWhatYouWant = "pay_what_you_want",
        /// Adhésion, cotisation.
        MembershipFee = "membership_fee",
        /// Dons, Liberapay, Tipeee.
        Donations = "donations",
        /// Subventions, appels à projet.
        PublicFunding = "public_funding",
        /// Prestations, services payants, prix unique.
        PaidServices = "paid_services",
        /// Gratuit, à titre gratuit.
        FreeOfCharge = "free_of_charge",
    }
}

slug_enum! {
    /// The period a money amount is paid for.
    Period as "period" {
        /// Per year.
        Year = "year",
        /// Per quarter.
        Quarter = "quarter",
        /// Per month.
        Month = "month",
        /// Per week.
        Week = "week",
        /// Per day.
        Day = "day",
    }
}

slug_enum! {
    /// The record keys that a profile field can fill; anything else a profile
    /// declares goes to `extra_fields`.
    FieldKey as "field key" {
        /// `structure_type`
        StructureType = "structure_type",
        /// `founded`
        Founded = "founded",
        /// `member_since`
        MemberSince = "member_since",
        /// `organisation`
        Organisation = "organisation",
        /// `employees`
        Employees = "employees",
        /// `volunteers`
        Volunteers = "volunteers",
        /// `member_roles`
        MemberRoles = "member_roles",
        /// `user_types`
        UserTypes = "user_types",
        /// `user_support`
        UserSupport = "user_support",
        /// `access`
        Access = "access",
        /// `economic_model`
        EconomicModel = "economic_model",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip_through_from_str_and_serde() {
        for &t in StructureType::ALL {
            assert_eq!(t.slug().parse::<StructureType>(), Ok(t));
            assert_eq!(
                serde_json::to_string(&t).unwrap_or_default(),
                format!("\"{}\"", t.slug())
            );
        }
        let err = "asso".parse::<StructureType>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown structure_type slug `asso`, expected one of association, informal, cooperative, microcompany, company, individual, other"
        );
    }
}
