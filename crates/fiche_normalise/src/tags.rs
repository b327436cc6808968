//! Funding tags of the economic model, found from the profile's phrases.

use fiche_profile::FieldSpec;
use fiche_types::EconomicTag;

/// The tags of `spec` whose phrases occur in `text`, in vocabulary order.
pub(crate) fn tags(spec: &FieldSpec, text: &str) -> Vec<EconomicTag> {
    let mut found: Vec<EconomicTag> = spec
        .tags_in(text)
        .into_iter()
        .filter_map(|tag| tag.tag.parse().ok())
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use fiche_profile::Profile;
    use fiche_types::FieldKey;

    fn tags_of(text: &str) -> Vec<&'static str> {
        let p = Profile::chatons();
        let spec = p
            .fields()
            .iter()
            .find(|f| f.target == fiche_profile::Target::Key(FieldKey::EconomicModel));
        spec.map(|s| tags(s, text).into_iter().map(EconomicTag::slug).collect())
            .unwrap_or_default()
    }

    #[test]
    fn tags_from_the_contract_words() {
        assert_eq!(tags_of("Prix libre"), ["pay_what_you_want"]);
        assert_eq!(
            tags_of("Adhésions et dons"),
            ["membership_fee", "donations"]
        );
        assert_eq!(
            tags_of("cotisation libre, subventions, d'appels à projet, appel aux dons"),
            [
                "pay_what_you_want",
                "membership_fee",
                "donations",
                "public_funding"
            ]
        );
        assert_eq!(
            tags_of("fourni à titre gratuit ; LiberaPay et Tipeee"),
            ["donations", "free_of_charge"]
        );
        assert_eq!(tags_of("Prix unique, services payants"), ["paid_services"]);
        // "donne" is not "dons"; "libre accès" is not "prix libre".
        assert!(tags_of("qui leur donne accès en libre accès").is_empty());
    }
}
