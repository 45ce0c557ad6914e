"""Which machine runs which workflow record (for labels in lists, inboxes and the API)."""
from ..models import RecognitionApplication, ServiceProject, SupervisoryUnitChange, TransferRequest
from ..transitions import Machine
from . import projects, recognition, transfers

MACHINES = {
    RecognitionApplication: recognition.MACHINE,
    ServiceProject: projects.MACHINE,
    TransferRequest: transfers.TRANSFER,
    SupervisoryUnitChange: transfers.UNIT_CHANGE,
}


def machine_for(obj) -> Machine:
    return MACHINES[type(obj)]
