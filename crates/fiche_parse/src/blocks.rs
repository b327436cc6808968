//! A field's value lines → paragraphs and (nested) lists.
//!
//! Every non-blank line that does not start with a list marker is a
//! paragraph (the export writes one paragraph per line). Lines that start
//! with a marker are list items; consecutive items form one list, blank
//! lines between them included; deeper indentation nests an item under
//! the one before it.

use crate::line::Line;
use crate::marker::{MarkerKind, item};
use crate::runon::{Piece, for_each_run_on_item, quirk_list_after_intro};

/// A paragraph or a list, as written (not yet cleaned).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawBlock<'t> {
    /// One paragraph.
    Paragraph(Line<'t>),
    /// A list.
    List {
        /// The first item's marker.
        marker: &'t str,
        /// The items.
        items: Vec<RawItem<'t>>,
    },
}

/// A list item: its text (marker removed) and the items nested under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawItem<'t> {
    /// Its own marker as written (`•`, `2/`).
    pub marker: &'t str,
    /// The item's text.
    pub text: Line<'t>,
    /// Nested items.
    pub items: Vec<RawItem<'t>>,
}

/// Reads value lines into blocks.
pub fn blocks<'t>(lines: &[Line<'t>]) -> Vec<RawBlock<'t>> {
    let mut out = Vec::new();
    let mut list: Option<ListBuilder<'t>> = None;
    for line in lines.iter().filter(|l| !l.is_blank()) {
        let indent = line.indent();
        let trimmed = line.trim();
        if let Some((marker, rest)) = item(trimmed.text) {
            let same_list = list
                .as_ref()
                .is_some_and(|l| indent > l.root_indent || l.kind.same_list(marker.kind));
            if !same_list {
                flush(&mut out, &mut list);
            }
            let builder =
                list.get_or_insert_with(|| ListBuilder::new(marker.text, marker.kind, indent));
            for_each_run_on_item(marker, rest, |piece| builder.push(trimmed, indent, piece));
            continue;
        }
        flush(&mut out, &mut list);
        match quirk_list_after_intro(trimmed.text) {
            Some((intro, kind, pieces)) => {
                out.push(RawBlock::Paragraph(trimmed.sub(intro)));
                // Items cut from this line nest under nothing: give them the
                // line's indent so that following indented items nest.
                let mut builder = ListBuilder::new(pieces[0].0, kind, indent);
                builder.push_pieces(trimmed, indent, &pieces);
                list = Some(builder);
            }
            None => out.push(RawBlock::Paragraph(trimmed)),
        }
    }
    flush(&mut out, &mut list);
    out
}

fn flush<'t>(out: &mut Vec<RawBlock<'t>>, list: &mut Option<ListBuilder<'t>>) {
    if let Some(builder) = list.take() {
        out.push(builder.finish());
    }
}

/// Items of one list, in order, with their indents; nested at the end.
struct ListBuilder<'t> {
    marker: &'t str,
    kind: MarkerKind,
    root_indent: usize,
    flat: Vec<(usize, RawItem<'t>)>,
}

impl<'t> ListBuilder<'t> {
    fn new(marker: &'t str, kind: MarkerKind, root_indent: usize) -> Self {
        ListBuilder {
            marker,
            kind,
            root_indent,
            flat: Vec::new(),
        }
    }

    fn push_pieces(&mut self, line: Line<'t>, indent: usize, pieces: &[Piece<'t>]) {
        for &piece in pieces {
            self.push(line, indent, piece);
        }
    }

    /// Adds the item `piece` (a marker and a text cut from `line`).
    fn push(&mut self, line: Line<'t>, indent: usize, (marker, text): Piece<'t>) {
        self.flat.push((
            indent,
            RawItem {
                marker,
                text: line.sub(text),
                items: Vec::new(),
            },
        ));
    }

    fn finish(self) -> RawBlock<'t> {
        RawBlock::List {
            marker: self.marker,
            items: nest(self.flat),
        }
    }
}

/// How deep lists nest. Deeper items stay at this depth, in order: their
/// text is kept, and every later stage (cleaning, JSON, schema validation,
/// rendering) recurses through a bounded depth whatever the input.
pub const MAX_DEPTH: usize = 8;

/// Turns `(indent, item)` pairs into a tree: an item more indented than the
/// one before it is nested under it; a less indented one closes the levels
/// deeper than itself. Nesting stops at [`MAX_DEPTH`].
fn nest(flat: Vec<(usize, RawItem<'_>)>) -> Vec<RawItem<'_>> {
    // Most lists are flat: every item at the first one's indent or less
    // deep (less deep closes no level when there is one level).
    if let Some(&(first, _)) = flat.first()
        && flat.iter().all(|&(indent, _)| indent <= first)
    {
        return flat.into_iter().map(|(_, item)| item).collect();
    }
    // Each level: its indent and the items gathered at it so far.
    let mut stack: Vec<(usize, Vec<RawItem<'_>>)> = Vec::new();
    for (indent, item) in flat {
        while stack.len() > 1 && stack.last().is_some_and(|(i, _)| indent < *i) {
            close_level(&mut stack);
        }
        let depth = stack.len();
        match stack.last_mut() {
            Some((top, items)) if indent > *top && !items.is_empty() && depth < MAX_DEPTH => {
                stack.push((indent, vec![item]));
            }
            Some((_, items)) => items.push(item),
            None => stack.push((indent, vec![item])),
        }
    }
    while stack.len() > 1 {
        close_level(&mut stack);
    }
    stack.pop().map(|(_, items)| items).unwrap_or_default()
}

/// Pops the deepest level and hangs its items under the last item of the level above.
fn close_level(stack: &mut Vec<(usize, Vec<RawItem<'_>>)>) {
    if let Some((_, children)) = stack.pop()
        && let Some((_, parent_level)) = stack.last_mut()
        && let Some(parent) = parent_level.last_mut()
    {
        parent.items.extend(children);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::line::lines;

    /// Renders blocks as an outline for compact assertions.
    fn outline(text: &str) -> String {
        let ls: Vec<Line<'_>> = lines(text).collect();
        let mut out = String::new();
        for b in blocks(&ls) {
            match b {
                RawBlock::Paragraph(l) => out.push_str(&format!("P {}\n", l.text)),
                RawBlock::List { marker, items } => {
                    out.push_str(&format!("L {marker}\n"));
                    render(&items, 1, &mut out);
                }
            }
        }
        out
    }

    fn render(items: &[RawItem<'_>], depth: usize, out: &mut String) {
        for i in items {
            out.push_str(&format!("{}{}\n", "  ".repeat(depth), i.text.text));
            render(&i.items, depth + 1, out);
        }
    }

    #[test]
    fn paragraphs_then_list() {
        assert_eq!(
            outline("fourniture de services de :\n- messagerie\n- stockage\n\nFin"),
            "P fourniture de services de :\nL -\n  messagerie\n  stockage\nP Fin\n"
        );
    }

    #[test]
    fn nested_by_indentation_across_blank_lines() {
        let text = "\u{a0}\n\n  • Payants:\n\n    • La plupart\n  • Gratuits:\n\n    • Ateliers\n";
        assert_eq!(
            outline(text),
            "L •\n  Payants:\n    La plupart\n  Gratuits:\n    Ateliers\n"
        );
    }

    #[test]
    fn dedent_below_the_first_item_stays_at_top_level() {
        assert_eq!(outline("    - a\n  - b\n- c"), "L -\n  a\n  b\n  c\n");
    }

    #[test]
    fn nesting_stops_at_the_maximum_depth_and_keeps_every_item() {
        let text: String = (0..20)
            .map(|i| format!("{}- {i}\n", " ".repeat(i)))
            .collect();
        let outline = outline(&text);
        assert_eq!(outline.lines().count(), 21, "{outline}");
        let deepest = outline
            .lines()
            .map(|l| l.len() - l.trim_start().len())
            .max();
        assert_eq!(deepest, Some(2 * MAX_DEPTH), "{outline}");
    }

    #[test]
    fn another_marker_kind_at_the_same_indent_starts_another_list() {
        assert_eq!(outline("- a\n1. b"), "L -\n  a\nL 1.\n  b\n");
        assert_eq!(outline("- a\n  1. b"), "L -\n  a\n    b\n");
    }

    #[test]
    fn run_on_items_and_intro() {
        assert_eq!(
            outline("- un - deux - trois"),
            "L -\n  un\n  deux\n  trois\n"
        );
        assert_eq!(
            outline("Trois : 1. un 2. deux"),
            "P Trois :\nL 1.\n  un\n  deux\n"
        );
    }
}
