from . import portal_project
