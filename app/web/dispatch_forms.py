"""Forms of the dispatcher console (CSRF by Flask-WTF): start a plan, disrupt it, quote, issue."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import (
    DateTimeLocalField,
    FloatField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

JSON_ONLY = FileAllowed(["json"], _l("A JSON file, please."))
LOCAL_TIME = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
CARGO = [("general", _l("General")), ("cold", _l("Cold chain")), ("dg", _l("Dangerous goods"))]


class PlanForm(FlaskForm):
    source = RadioField(
        _l("Shipments"),
        choices=[("demo", _l("Generate a demo set")), ("upload", _l("Upload a shipments file"))],
        default="demo",
    )
    count = IntegerField(
        _l("Number of demo shipments"), default=12, validators=[Optional(), NumberRange(1, 200)]
    )
    shipments_file = FileField(_l("Shipments file (JSON)"), validators=[JSON_ONLY])
    network_file = FileField(
        _l("Network file (JSON, optional: the seed network otherwise)"), validators=[JSON_ONLY]
    )
    time_limit_s = FloatField(
        _l("Time limit (seconds)"), default=5, validators=[InputRequired(), NumberRange(1, 600)]
    )
    seed = IntegerField(_l("Seed"), default=0, validators=[Optional(), NumberRange(0, 2**31 - 1)])


class DisruptionForm(FlaskForm):
    kind = RadioField(
        _l("What happened"),
        choices=[
            ("cancel_departure", _l("A departure is cancelled")),
            ("delay_departure", _l("A departure is delayed")),
            ("close_hub", _l("A hub is closed")),
        ],
        default="cancel_departure",
    )
    departure = SelectField(_l("Departure"), choices=[], validate_choice=False)
    delay_h = FloatField(
        _l("Delay (hours)"), default=24, validators=[Optional(), NumberRange(0.1, 1440)]
    )
    hub = SelectField(_l("Hub"), choices=[], validate_choice=False)
    start = DateTimeLocalField(_l("Closed from (UTC)"), format=LOCAL_TIME, validators=[Optional()])
    now = DateTimeLocalField(
        _l("Known at (UTC, optional: legs that left before stay)"),
        format=LOCAL_TIME,
        validators=[Optional()],
    )
    time_limit_s = FloatField(
        _l("Time limit (seconds)"), default=5, validators=[InputRequired(), NumberRange(1, 600)]
    )


class QuoteForm(FlaskForm):
    origin = SelectField(_l("Origin"), choices=[], validators=[DataRequired()])
    destination = SelectField(_l("Destination"), choices=[], validators=[DataRequired()])
    ready = DateTimeLocalField(_l("Ready (UTC)"), format=LOCAL_TIME, validators=[InputRequired()])
    due = DateTimeLocalField(_l("Due (UTC)"), format=LOCAL_TIME, validators=[InputRequired()])
    weight_kg = FloatField(
        _l("Weight (kg)"), default=500, validators=[InputRequired(), NumberRange(0.1, 1e7)]
    )
    volume_m3 = FloatField(
        _l("Volume (m³)"), default=2.5, validators=[InputRequired(), NumberRange(0.001, 1e5)]
    )
    cargo = SelectField(_l("Cargo class"), choices=CARGO, default="general")


class BillForm(FlaskForm):
    consignor = TextAreaField(_l("Consignor"), validators=[DataRequired(), Length(max=500)])
    consignee = TextAreaField(_l("Consignee"), validators=[DataRequired(), Length(max=500)])
    notify_party = TextAreaField(_l("Notify party"), validators=[Optional(), Length(max=500)])
    marks_and_numbers = StringField(
        _l("Marks and numbers"), validators=[Optional(), Length(max=500)]
    )
    packages_number = IntegerField(
        _l("Number of packages"), validators=[InputRequired(), NumberRange(1, 10_000_000)]
    )
    packages_kind = StringField(
        _l("Kind of packages"), default="cartons", validators=[DataRequired(), Length(max=64)]
    )
    description_of_goods = TextAreaField(
        _l("Description of goods"), validators=[DataRequired(), Length(max=1000)]
    )
    place_of_issue = StringField(
        _l("Place of issue"), default="Qingdao", validators=[DataRequired(), Length(max=96)]
    )
