//! Funding tags of the economic model, found from the profile's phrases.

use fiche_profile::{FieldSpec, word_keys};
use fiche_types::EconomicTag;
use std::collections::BTreeSet;

/// The tags of `spec` whose phrases occur in `text`, in vocabulary order.
pub(crate) fn tags(spec: &FieldSpec, text: &str) -> Vec<EconomicTag> {
    let mut keys = String::with_capacity(text.len());
    let ranges = word_keys(text, &mut keys);
    let words: Vec<&str> = ranges.into_iter().map(|r| &keys[r]).collect();
    let mut found = BTreeSet::new();
    for tag in &spec.tags {
        let hit = tag.phrases.iter().any(|phrase| {
            words
                .windows(phrase.len())
                .any(|w| w.iter().zip(phrase).all(|(word, pat)| pat.matches(word)))
        });
        if hit && let Ok(t) = tag.tag.parse::<EconomicTag>() {
            found.insert(t);
        }
    }
    found.into_iter().collect()
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
