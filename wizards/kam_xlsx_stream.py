"""A worksheet that streams plain rows straight into its XML: the
management workbook's large sheets (100,000 accounts and more) are written
several times faster than cell by cell, in xlsxwriter's constant-memory
mode and with its formats. Cells are strings, numbers or dates; other
values are written as text. Workbooks are made by ``text_workbook``: what
users typed (a member's name "=HYPERLINK(…)") is stored as text."""
import datetime
import functools
import re
import types
import zipfile

from xlsxwriter import workbook as xlsxwriter_workbook
from xlsxwriter.utility import datetime_to_excel_datetime, xl_col_to_name
from xlsxwriter.worksheet import Worksheet

# what xlsxwriter escapes in an inline string, done once per string
# distinct strings kept escaped while a sheet is written
INLINE_CACHE = 50000
CONTROL = re.compile(r'[\x00-\x08\x0b-\x1f\uFFFE\uFFFF]|_x[0-9a-fA-F]{4}_')


def _escape(text):
    if CONTROL.search(text):
        text = re.sub(r'(_x[0-9a-fA-F]{4}_)', r'_x005F\1', text)
        text = re.sub(r'[\x00-\x08\x0b-\x1f]', lambda m: "_x%04X_" % ord(m.group(0)), text)
        text = text.replace('\uFFFE', '_xFFFE_').replace('\uFFFF', '_xFFFF_')
    return text.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')


class FastWorkbook(xlsxwriter_workbook.Workbook):
    """A workbook zipped at zlib's fastest level: deflating the sheets' XML
    at the default level takes about as long as writing 100,000 accounts,
    for a file about a fifth smaller. xlsxwriter has no setting for it: its
    own ``_store_workbook`` runs here with a ``ZipFile`` of level 1 in its
    globals, and nothing else in the process is changed."""

    _store_workbook = types.FunctionType(
        xlsxwriter_workbook.Workbook._store_workbook.__code__,
        dict(vars(xlsxwriter_workbook), ZipFile=functools.partial(zipfile.ZipFile, compresslevel=1)),
        '_store_workbook')


# what users typed stays text: xlsxwriter would make a formula of "=HYPERLINK(…)",
# a number of "0571…" and a link of "http://…"
TEXT_AS_TEXT = {'strings_to_formulas': False, 'strings_to_numbers': False, 'strings_to_urls': False}


def text_workbook(output, options=None):
    """Every workbook the product writes: a ``FastWorkbook`` on ``output``
    (xlsxwriter ``options`` as given) in which each string written, by
    ``write``, ``write_row`` or ``StreamWorksheet.write_rows``, is stored as
    text, never as a formula, a number or a hyperlink."""
    return FastWorkbook(output, dict(options or {}, **TEXT_AS_TEXT))


class Styled:
    """A cell value with a format of its own (a highlighted date…)."""
    __slots__ = ('value', 'format')

    def __init__(self, value, cell_format):
        self.value = value
        self.format = cell_format


class StreamWorksheet(Worksheet):
    """``write_rows(first_row, rows, formats)`` after the header: each row a
    sequence of values; ``formats[col]`` the cell format of a column (or
    None); a cell given as a ``Styled(value, format)`` takes its own format.
    Only for a workbook in constant-memory mode, rows in order; returns the
    number of rows written."""

    def write_rows(self, first_row, rows, formats):
        assert self.constant_memory, "stream rows only in constant-memory mode"
        # flush the pending row (the header) and take over from first_row
        self._write_single_row(first_row)
        styles = [f' s="{fmt._get_xf_index()}"' if fmt else '' for fmt in formats]
        letters = [xl_col_to_name(col) for col in range(len(formats))]
        write = self.fh.write
        date1904 = self.date_1904
        inlines = {}  # names, states, cities repeat: each escaped once
        serials = {}  # days repeat (a contract's end, a month): each converted once
        row = first_row
        max_col = 0
        for values in rows:
            number = row + 1
            parts = [f'<row r="{number}">']
            for col, value in enumerate(values):
                if value is None or value is False or value == '':
                    continue
                style = styles[col]
                kind = type(value)
                if kind is Styled:
                    style = f' s="{value.format._get_xf_index()}"'
                    value = value.value
                    kind = type(value)
                if kind is bool:
                    value, kind = int(value), int
                # the common types by identity: a cell costs no isinstance chain
                if kind is str:
                    inline = inlines.get(value)
                    if inline is None:
                        inline = self._inline(value)
                        if len(inlines) < INLINE_CACHE:
                            inlines[value] = inline
                    parts.append(f'<c r="{letters[col]}{number}"{style} t="inlineStr">{inline}</c>')
                elif kind is float or kind is int:
                    parts.append(f'<c r="{letters[col]}{number}"{style}><v>{value!r}</v></c>')
                elif isinstance(value, (datetime.date, datetime.datetime)):
                    serial = serials.get(value)
                    if serial is None:
                        serial = datetime_to_excel_datetime(value, date1904, self.remove_timezone)
                        if kind is datetime.date:  # not the datetimes, which seldom repeat
                            serials[value] = serial
                    parts.append(f'<c r="{letters[col]}{number}"{style}><v>{serial!r}</v></c>')
                elif isinstance(value, (int, float)):
                    parts.append(f'<c r="{letters[col]}{number}"{style}><v>{value!r}</v></c>')
                else:
                    parts.append(f'<c r="{letters[col]}{number}"{style} t="inlineStr">'
                                 f'{self._inline(str(value))}</c>')
                if col > max_col:
                    max_col = col
            parts.append('</row>')
            write(''.join(parts))
            row += 1
        if row > first_row:
            self._check_dimensions(row - 1, max_col, ignore_row=False, ignore_col=False)
            # the rows are written: later writes start after them
            self.previous_row = row
        return row - first_row

    @staticmethod
    def _inline(text):
        space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ''
        return f'<is><t{space}>{_escape(text)}</t></is>'

