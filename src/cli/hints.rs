//! How to fix each kind of problem, for the person who submitted the fiche.

use fiche::{Code, Diagnostic, Lang, Profile};
use fiche_types::french::typography;
use std::borrow::Cow;

/// How to fix `d`, found on `line` of an input read with `profile`: the
/// code's [`hint`], but for a misspelt label, which names the spelling the
/// label nearly is (asked of the profile again).
pub(crate) fn help(d: &Diagnostic, line: &str, profile: &Profile, lang: Lang) -> Cow<'static, str> {
    if d.code == Code::MisspeltLabel {
        let label = line.split_once(':').map_or(line, |(label, _)| label);
        let near = profile
            .near_label(line)
            .or_else(|| profile.near_label(label));
        if let Some((id, spelling)) = near
            && let Some(written) = profile.field(id).labels.get(spelling)
        {
            return match lang {
                Lang::En => format!("write the label «{written}», on a line of its own"),
                Lang::Fr => typography(&format!(
                    "écrivez l'intitulé «{written}», seul sur sa ligne"
                )),
            }
            .into();
        }
    }
    hint(d.code, lang)
}

/// A short fix for problems with `code`, in `lang` (French set with
/// French typography).
pub(crate) fn hint(code: Code, lang: Lang) -> Cow<'static, str> {
    let (en, fr) = match code {
        Code::Preamble => (
            "start the fiche with a heading line `Fiche fonctionnement - NAME`, or remove this text",
            "commencez la fiche par une ligne de titre «Fiche fonctionnement - Nom de la structure», ou retirez ce texte",
        ),
        Code::TextBeforeFirstField => (
            "put this text under a label such as «Organisation de la structure», or remove it",
            "placez ce texte sous un intitulé, par exemple «Organisation de la structure», ou supprimez-le",
        ),
        Code::MissingName => (
            "write the structure's name after the heading: `Fiche fonctionnement - Name`",
            "écrivez le nom de la structure après le tiret : «Fiche fonctionnement - Nom de la structure»",
        ),
        Code::MissingField => (
            "add the label on a line of its own, and its value on the next line",
            "ajoutez l'intitulé seul sur une ligne, et sa valeur à la ligne suivante",
        ),
        Code::DuplicateField => (
            "keep one of the two, merging their values if both are needed",
            "n'en gardez qu'un, en y réunissant les deux valeurs si besoin",
        ),
        Code::EmptyFiche => (
            "add the fiche's fields after its heading: each label on a line, its value below",
            "ajoutez les champs après le titre : chaque intitulé seul sur sa ligne, sa valeur en dessous",
        ),
        Code::InvalidYear => (
            "write the year in digits, such as «2015»",
            "écrivez l'année, par exemple «2015»",
        ),
        Code::InvalidDate => (
            "write a date such as «2019», «05/2019» or «14/05/2019»",
            "écrivez une date, par exemple «14 mai 2019», «14/05/2019», «mai 2019» ou «2019»",
        ),
        Code::InvalidCount => (
            "write a number of people, such as «3 personnes», «une dizaine» or «40-50»",
            "écrivez un nombre de personnes, par exemple «3», «une dizaine» ou «entre 40 et 50»",
        ),
        Code::UnknownCategory => (
            "use one of the wordings listed in the message",
            "reprenez l'un des choix cités dans le message",
        ),
        Code::UnknownAccessMode => (
            "use the checklist's lines, such as «Services accessibles à tou·tes sans inscription»",
            "reprenez les lignes de la liste, par exemple «Services accessibles à tou·tes sans inscription»",
        ),
        Code::InvalidBytes => (
            "save the file as UTF-8, or give its encoding with --encoding",
            "enregistrez le fichier en UTF-8, ou indiquez son encodage avec l'option --encoding",
        ),
        Code::MixedEncoding => (
            "save the whole file as UTF-8",
            "enregistrez tout le fichier en UTF-8",
        ),
        Code::MojibakeRepaired => (
            "save the file as UTF-8 once, without converting it again",
            "enregistrez le fichier en UTF-8 une seule fois, sans le reconvertir",
        ),
        Code::HtmlResidue => (
            "paste the text as plain text, not as HTML",
            "collez le texte sans mise en forme, pas en HTML",
        ),
        Code::NoFiche => (
            "start each fiche with a line `Fiche fonctionnement - NAME`",
            "commencez chaque fiche par une ligne «Fiche fonctionnement - Nom de la structure»",
        ),
        Code::FicheTooLong => (
            "start each fiche with a line `Fiche fonctionnement - NAME`, or split the fiche",
            "commencez chaque fiche par une ligne «Fiche fonctionnement - Nom de la structure», ou découpez la fiche",
        ),
        Code::LineTooLong => (
            "put each field's label and each paragraph or list item on a line of its own",
            "allez à la ligne après chaque intitulé, chaque paragraphe et chaque élément de liste",
        ),
        Code::CountContradicted => (
            "check the declared number against the text, and correct one of them",
            "comparez le nombre déclaré au texte, et corrigez l'un ou l'autre",
        ),
        Code::MemberSinceBeforeFounded => (
            "check both dates: a structure joins after it is founded",
            "vérifiez les deux dates : une structure rejoint le collectif après sa création",
        ),
        Code::FutureYear => (
            "check the year, or say that it is a plan",
            "vérifiez l'année, ou précisez qu'il s'agit d'un projet",
        ),
        Code::MisspeltLabel => (
            "write the label as the message suggests, on a line of its own",
            "écrivez l'intitulé comme le message le propose, seul sur sa ligne",
        ),
        Code::UnknownField => (
            "use one of the fiche's labels, or put this text under «Organisation de la structure»",
            "reprenez l'un des intitulés de la fiche, ou placez ce texte sous «Organisation de la structure»",
        ),
        Code::TrailingText => (
            "keep only the value on this line, and move the rest to a text field",
            "ne laissez que la valeur sur cette ligne, et déplacez le reste dans un champ de texte",
        ),
    };
    match lang {
        Lang::En => Cow::Borrowed(en),
        Lang::Fr => Cow::Owned(typography(fr)),
    }
}
