"""A worksheet that streams plain rows straight into its XML: the
management workbook's large sheets (100,000 accounts and more) are written
several times faster than cell by cell, in xlsxwriter's constant-memory
mode and with its formats. Cells are strings, numbers or dates; other
values are written as text."""
import datetime
import re

from xlsxwriter.utility import datetime_to_excel_datetime, xl_col_to_name
from xlsxwriter.worksheet import Worksheet

# what xlsxwriter escapes in an inline string, done once per string
CONTROL = re.compile(r'[\x00-\x08\x0b-\x1f\uFFFE\uFFFF]|_x[0-9a-fA-F]{4}_')


def _escape(text):
    if CONTROL.search(text):
        text = re.sub(r'(_x[0-9a-fA-F]{4}_)', r'_x005F\1', text)
        text = re.sub(r'[\x00-\x08\x0b-\x1f]', lambda m: "_x%04X_" % ord(m.group(0)), text)
        text = text.replace('\uFFFE', '_xFFFE_').replace('\uFFFF', '_xFFFF_')
    return text.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')


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
        row = first_row
        max_col = 0
        for values in rows:
            number = row + 1
            parts = [f'<row r="{number}">']
            for col, value in enumerate(values):
                if value is None or value is False or value == '':
                    continue
                ref = f'{letters[col]}{number}'
                style = styles[col]
                if isinstance(value, Styled):
                    style = f' s="{value.format._get_xf_index()}"'
                    value = value.value
                if isinstance(value, bool):
                    value = int(value)
                if isinstance(value, (int, float)):
                    parts.append(f'<c r="{ref}"{style}><v>{value!r}</v></c>')
                elif isinstance(value, (datetime.date, datetime.datetime)):
                    serial = datetime_to_excel_datetime(value, date1904, self.remove_timezone)
                    parts.append(f'<c r="{ref}"{style}><v>{serial!r}</v></c>')
                else:
                    text = str(value)
                    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ''
                    parts.append(f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>'
                                 f'{_escape(text)}</t></is></c>')
                max_col = max(max_col, col)
            parts.append('</row>')
            write(''.join(parts))
            row += 1
        if row > first_row:
            self._check_dimensions(row - 1, max_col, ignore_row=False, ignore_col=False)
            # the rows are written: later writes start after them
            self.previous_row = row
        return row - first_row
