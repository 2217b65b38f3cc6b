from . import portal_project
from . import portal_contract
