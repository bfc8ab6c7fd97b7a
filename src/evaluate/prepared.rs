//! A log kept ready between evaluations: cut into windows of whole lines, each
//! owning its text and its prepared form ([`Chunk`]: escaped, lines indexed),
//! so that a changed definition is run over it at once, without reading,
//! escaping and indexing the log again ([`crate::session`]).

use self_cell::self_cell;

use super::{as_text, Chunk};

self_cell!(
    /// One window: its text (as pasted, UTF-8 repaired) and the chunk borrowing it.
    struct Window {
        owner: String,
        #[covariant]
        dependent: Chunk,
    }
);

/// The windows of a whole log, in order, each with the number of its first line.
pub struct PreparedLog {
    windows: Vec<(u64, Window)>,
    escape: bool,
    lines: u64,
    bytes: usize,
}

impl PreparedLog {
    /// An empty log, to be escaped (CloudWatch) or not.
    pub fn new(escape: bool) -> PreparedLog {
        PreparedLog {
            windows: Vec::new(),
            escape,
            lines: 0,
            bytes: 0,
        }
    }

    /// Prepares and keeps the next window (whole lines; see [`super::Windows`]),
    /// and returns it with the number of its first line.
    pub fn add(&mut self, bytes: &[u8]) -> (u64, &Chunk<'_>) {
        let escape = self.escape;
        let window = Window::new(as_text(bytes).into_owned(), |text| Chunk::new(text, escape));
        let first = self.lines + 1;
        self.lines += window.borrow_dependent().line_count() as u64;
        self.bytes += bytes.len();
        self.windows.push((first, window));
        let (first, window) = &self.windows[self.windows.len() - 1];
        (*first, window.borrow_dependent())
    }

    /// Every window, with the number of its first line, for
    /// [`super::scan_one`].
    pub fn chunks(&self) -> Vec<(u64, &Chunk<'_>)> {
        self.windows
            .iter()
            .map(|(first, window)| (*first, window.borrow_dependent()))
            .collect()
    }

    /// Prepares the same text again with escaping on or off.
    pub fn set_escape(&mut self, escape: bool) {
        if escape == self.escape {
            return;
        }
        self.escape = escape;
        self.windows = std::mem::take(&mut self.windows)
            .into_iter()
            .map(|(first, window)| {
                let text = window.into_owner();
                (first, Window::new(text, |text| Chunk::new(text, escape)))
            })
            .collect();
    }

    /// Lines held.
    pub fn lines(&self) -> u64 {
        self.lines
    }

    /// Bytes of log held (as given, before repair).
    pub fn bytes(&self) -> usize {
        self.bytes
    }
}
