"""The file formats the yearly report is written in, for the command and the download alike."""
from .pdf import write_pdf
from .xlsx import write_xlsx

WRITERS = {"pdf": write_pdf, "xlsx": write_xlsx}
CONTENT_TYPES = {"pdf": "application/pdf",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
