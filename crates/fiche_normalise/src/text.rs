//! Free-text values: parsed blocks → the record's `{text, blocks}`.

use crate::Cleaner;
use fiche_parse::{Line, RawBlock, RawItem};
use fiche_types::{Block, ListItem, Text};

/// Builds a text value from a field's value lines; `None` when they are all blank.
pub(crate) fn text_value(lines: &[Line<'_>], cleaner: Cleaner) -> Option<Text> {
    let raw = fiche_parse::blocks(lines);
    // The whole text, written as the blocks are cleaned (no second copy),
    // about as long as the lines it comes from.
    let mut text = Rendered {
        text: String::with_capacity(lines.iter().map(|l| l.text.len() + 1).sum()),
        lines: 0,
    };
    let blocks: Vec<Block> = raw
        .iter()
        .map(|b| match b {
            RawBlock::Paragraph(line) => {
                let paragraph = cleaner.clean(line.text);
                text.new_line().push_str(&paragraph);
                Block::Paragraph { text: paragraph }
            }
            RawBlock::List { marker, items } => {
                let items = list_items(items, 0, cleaner, &mut text);
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
        text: text.text,
        blocks,
    })
}

/// A text value's whole text, line by line.
struct Rendered {
    text: String,
    lines: usize,
}

impl Rendered {
    /// Starts a new line (after a `\n`, unless it is the first) and
    /// returns the text to write it into.
    fn new_line(&mut self) -> &mut String {
        if self.lines > 0 {
            self.text.push('\n');
        }
        self.lines += 1;
        &mut self.text
    }
}

/// Cleans items recursively, and writes each into `text` as a line
/// `marker text`, indented two spaces per level.
fn list_items(
    items: &[RawItem<'_>],
    depth: usize,
    cleaner: Cleaner,
    rendered: &mut Rendered,
) -> Vec<ListItem> {
    items
        .iter()
        .map(|item| {
            let cleaned = cleaner.clean(item.text.text);
            let text = rendered.new_line();
            for _ in 0..depth {
                text.push_str("  ");
            }
            text.push_str(item.marker);
            text.push(' ');
            text.push_str(&cleaned);
            let items = list_items(&item.items, depth + 1, cleaner, rendered);
            ListItem {
                text: cleaned,
                items,
            }
        })
        .collect()
}

/// Calls `f` with the text of every paragraph and item, in order, markers
/// left out: what mentions are read from.
pub(crate) fn for_each_piece<'b>(blocks: &'b [Block], f: &mut impl FnMut(&'b str)) {
    fn items<'b>(list: &'b [ListItem], f: &mut impl FnMut(&'b str)) {
        for item in list {
            f(&item.text);
            items(&item.items, f);
        }
    }
    for block in blocks {
        match block {
            Block::Paragraph { text } => f(text),
            Block::List { items: list, .. } => items(list, f),
        }
    }
}
