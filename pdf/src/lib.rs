//! An issued document as a printable A4 PDF (README "Documents"): Typst, as a library, sets the
//! embedded template (`invoice.typ`) with the document's view (`view.rs`) in fonts embedded in
//! the binary (typst-assets), with no file system and no network. The same stored document
//! always gives the same bytes: the PDF's creation date is its issue date and its identifier
//! its number.

mod view;

use std::sync::OnceLock;

use api::model::Document;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

pub use view::{View, language, view};

const TEMPLATE: &str = include_str!("invoice.typ");

/// The fonts, read once per process.
fn fonts() -> &'static (LazyHash<FontBook>, Vec<Font>) {
    static FONTS: OnceLock<(LazyHash<FontBook>, Vec<Font>)> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = typst_assets::fonts()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        let book = FontBook::from_fonts(&fonts);
        (LazyHash::new(book), fonts)
    })
}

fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::default()))
}

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("a valid virtual path");
    FileId::new(RootedPath::new(VirtualRoot::Project, vpath))
}

/// One document's world: the template and its data, nothing else.
struct DocumentWorld {
    main: Source,
    data: Bytes,
    data_id: FileId,
}

impl World for DocumentWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().0
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else if id == self.main.id() {
            Ok(Bytes::from_string(self.main.clone()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().1.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        // Nothing printed depends on the day it is printed.
        None
    }
}

/// `doc` as an A4 PDF, its words in the language of `locale` (the account's) and its figures
/// formatted for it.
pub fn render(doc: &Document, locale: &str) -> Result<Vec<u8>, String> {
    let data = serde_json::to_vec(&view(doc, locale)).map_err(|e| e.to_string())?;
    let world = DocumentWorld {
        main: Source::new(file_id("/invoice.typ"), TEMPLATE.to_string()),
        data: Bytes::new(data),
        data_id: file_id("/data.json"),
    };
    let paged: PagedDocument = typst::compile(&world)
        .output
        .map_err(|errors| format!("the template failed: {errors:?}"))?;
    let issued = doc.invoice.issued_on.unwrap_or_default();
    let timestamp = {
        use chrono::Datelike as _;
        Datetime::from_ymd(issued.year(), issued.month() as u8, issued.day() as u8)
            .map(typst_pdf::Timestamp::new_utc)
    };
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(doc.number.clone()),
        creator: Smart::Custom(Some("Hourbank".into())),
        timestamp,
        ..Default::default()
    };
    typst_pdf::pdf(&paged, &options).map_err(|errors| format!("the PDF failed: {errors:?}"))
}
