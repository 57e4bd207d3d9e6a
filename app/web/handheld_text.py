"""What the handheld page says, in the reader's language, for the codes of the scan ack.

The ack's ``message`` comes from the warehouse in English; the page leads with the stable
``code`` and the ``next`` step said here in the user's language, and shows the message below.
"""

from __future__ import annotations

from flask_babel import gettext as _

from warehouse.scanning import OPS


def op_labels() -> dict[str, str]:
    """Every operation of the scan contract, named for people."""
    names = {
        "receive": _("Receive"), "putaway": _("Put away"), "pick": _("Pick"), "pack": _("Pack"),
        "load": _("Load"), "unload": _("Unload"), "handover": _("Hand over"), "gate": _("Gate"),
        "count": _("Count"), "inspect": _("Inspect"), "return": _("Return"),
        "lookup": _("Look up"), "weigh": _("Weigh"), "seal": _("Seal"),
    }  # fmt: skip
    return {op: names.get(op, op) for op in (*OPS, "weigh", "seal")}


def code_headlines() -> dict[str, str]:
    """Headlines of the answer codes people meet most; others fall back to the result."""
    return {
        "OK": _("Done"),
        "W_SCAN_BIN": _("Scan the bin"),
        "E_NO_TASK": _("Choose the task first"),
        "E_UNKNOWN_CODE": _("Unknown code"),
        "E_NOT_ON_ENTRY": _("Not on this entry"),
        "E_ALREADY_RECEIVED": _("Already received"),
        "E_ENTRY_CLOSED": _("Entry closed"),
        "E_WRONG_OP": _("Not available here"),
        "E_CUSTOMS_HOLD": _("Customs hold"),
        "E_OVERWEIGHT": _("Overweight"),
        "E_NO_CODE": _("No code in the photo"),
        "E_BAD_IMAGE": _("Photo unreadable"),
        "E_CHECK_DIGIT": _("Check digit wrong"),
        "E_WRONG_ZONE": _("Wrong zone"),
        "E_ZONE_FULL": _("No room in the zone"),
        "E_NOTHING_TO_PUT_AWAY": _("Nothing to put away"),
        "E_INTERNAL": _("Call a supervisor"),
        "E_REFUSED": _("Refused by the server"),
    }


def answer_text() -> dict[str, object]:
    """Everything the page's script says, already translated."""
    return {
        "codes": code_headlines(),
        "results": {"ok": _("OK"), "warn": _("Check"), "error": _("Error")},
        "next": _("Next: %(step)s"),
        "bin": _("bin %(code)s"),
        "task": _("task %(code)s"),
        "queued": _("Saved on this device"),
        "queued_detail": _("No connection: the scan is kept and sent when the network is back."),
        "sending": _("Sending…"),
        "pending": _("%(n)s waiting to send"),
        "synced": _("All sent"),
        "offline": _("Offline"),
        "relogin": _("Logged out: log in again; your scans are kept."),
        "scan_task": _("Scan or type the task (entry, count) first"),
        "task_set": _("Task set"),
        "scan_bin": _("Scan the bin for %(code)s"),
        "bin_set": _("Bin set"),
        "ready": _("Ready: scan"),
        "photo": _("Reading the photo…"),
        "photo_item": _("photo"),
    }
