//! Free-text values: parsed blocks → the record's `{text, blocks}`.

use crate::Cleaner;
use fiche_parse::{Line, RawBlock, RawItem};
use fiche_types::{Block, ListItem, Text};

/// Builds a text value from a field's value lines; `None` when they are all blank.
pub(crate) fn text_value(lines: &[Line<'_>], cleaner: Cleaner) -> Option<Text> {
    let raw = fiche_parse::blocks(lines);
    let mut rendered = Vec::new();
    let blocks: Vec<Block> = raw
        .iter()
        .map(|b| match b {
            RawBlock::Paragraph(line) => {
                let text = cleaner.clean(line.text);
                rendered.push(text.clone());
                Block::Paragraph { text }
            }
            RawBlock::List { marker, items } => {
                let items = list_items(items, 0, cleaner, &mut rendered);
                Block::List {
                    marker: (*marker).to_owned(),
                    items,
                }
            }
        })
        .collect();
    if blocks.is_empty() {
        return None;
    }
    Some(Text {
        text: rendered.join("\n"),
        blocks,
    })
}

/// Cleans items recursively, and renders each as a line `marker text`,
/// indented two spaces per level, into `rendered`.
fn list_items(
    items: &[RawItem<'_>],
    depth: usize,
    cleaner: Cleaner,
    rendered: &mut Vec<String>,
) -> Vec<ListItem> {
    items
        .iter()
        .map(|item| {
            let text = cleaner.clean(item.text.text);
            rendered.push(format!("{}{} {}", "  ".repeat(depth), item.marker, text));
            let items = list_items(&item.items, depth + 1, cleaner, rendered);
            ListItem { text, items }
        })
        .collect()
}

/// The text of every paragraph and item, markers left out: what mentions are read from.
pub(crate) fn block_texts<'b>(blocks: &'b [Block], out: &mut Vec<&'b str>) {
    fn items<'b>(list: &'b [ListItem], out: &mut Vec<&'b str>) {
        for item in list {
            out.push(&item.text);
            items(&item.items, out);
        }
    }
    for block in blocks {
        match block {
            Block::Paragraph { text } => out.push(text),
            Block::List { items: list, .. } => items(list, out),
        }
    }
}
