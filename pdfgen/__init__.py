"""pdfgen: branded, printable exercise handouts for clinics."""

import sys
import types

__version__ = "0.1.0"

# ReportLab, when first imported, runs ~/.reportlab_mods and ~/.reportlab_settings if they
# exist (and fails when HOME is not a folder): pdfgen's pages never depend on the user's home.
# Empty modules by those names stand in for them.
for _name in ("reportlab_mods", "reportlab_settings"):
    sys.modules.setdefault(_name, types.ModuleType(_name))
