"""The record shapes of ANNOTATION.md as pydantic v2 models.

A `Document` is what the loaders produce (id, text, meta); a `Record` is a document
with its extracted `spans` and `deals`; an `ErrorEntry` is what a document that could
not be turned into a record becomes. Every one carries `schema_version`.
"""

from __future__ import annotations

import hashlib
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)

SCHEMA_VERSION = "1.0"

CORE_LABELS: tuple[str, ...] = ("COUNTRY", "AGENCY", "MONEY", "AGREEMENT")
EXTENDED_LABELS: tuple[str, ...] = ("DATE", "PERSON", "ORG", "COMMODITY", "PROGRAM")
LABELS: tuple[str, ...] = CORE_LABELS + EXTENDED_LABELS

Label = Literal[
    "COUNTRY", "AGENCY", "MONEY", "AGREEMENT", "DATE", "PERSON", "ORG", "COMMODITY", "PROGRAM"
]
AgreementKind = Literal[
    "MOU",
    "FRAMEWORK",
    "AGREEMENT",
    "TREATY",
    "TRADE_AGREEMENT",
    "LOAN",
    "LOAN_GUARANTEE",
    "GRANT",
    "INVESTMENT",
    "LETTER_OF_INTEREST",
    "CONDITIONAL_COMMITMENT",
    "FINANCING",
    "ACTION_PLAN",
    "JOINT_VENTURE",
    "OFFTAKE",
    "PARTNERSHIP",
    "CONTRACT",
]
AGREEMENT_KINDS: tuple[str, ...] = AgreementKind.__args__  # type: ignore[attr-defined]
Qualifier = Literal["up_to", "more_than", "at_least", "less_than", "about"]
QUALIFIERS: tuple[str, ...] = Qualifier.__args__  # type: ignore[attr-defined]
PartyRole = Literal["party", "lender", "borrower", "investor", "recipient", "guarantor"]
PartyLabel = Literal["COUNTRY", "AGENCY", "ORG", "PERSON"]
DealStatus = Literal["signed", "approved", "offered", "announced", "negotiated", "completed"]

# ISO 8601 as precise as the text allows: a year, a month or a day.
ISO_DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
IsoDate = Annotated[str, Field(pattern=ISO_DATE_PATTERN)]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AgencyNorm(_Strict):
    name: str = Field(min_length=1, description="Canonical English name.")
    acronym: str | None = None
    country: str | None = Field(
        default=None,
        pattern=r"^[A-Z]{2}$",
        description="ISO alpha-2 of the jurisdiction, 'EU' for EU bodies, null if intergovernmental.",
    )


class MoneyNorm(_Strict):
    amount: int | float = Field(ge=0, description="In units of the currency.")
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code.")
    qualifier: Qualifier | None = None
    amount_max: int | float | None = Field(default=None, ge=0)

    @model_serializer(mode="wrap")
    def _omit_missing_max(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # `amount_max` exists only for ranges; a plain amount has no such key.
        data = handler(self)
        if data.get("amount_max") is None:
            data.pop("amount_max", None)
        return data

    @model_validator(mode="after")
    def _range_is_ordered(self) -> MoneyNorm:
        if self.amount_max is not None and self.amount_max < self.amount:
            raise ValueError("amount_max is below amount")
        return self


# The models of object norms, by label (every span is validated: built once, not per span).
_NORM_MODELS: dict[str, type[BaseModel]] = {"AGENCY": AgencyNorm, "MONEY": MoneyNorm}
_ISO_DATE = re.compile(ISO_DATE_PATTERN)


def _norm_shape_error(label: str, norm: Any) -> str | None:
    """Why `norm` does not fit `label`, or None when it does."""
    if label == "AGENCY":
        return None if isinstance(norm, AgencyNorm) else "AGENCY norm must be an object"
    if label == "MONEY":
        return None if isinstance(norm, MoneyNorm) else "MONEY norm must be an object"
    if not isinstance(norm, str) or not norm:
        return f"{label} norm must be a non-empty string"
    if label == "COUNTRY" and not (len(norm) == 2 and norm.isascii() and norm.isupper()):
        return f"COUNTRY norm {norm!r} is not an ISO 3166-1 alpha-2 code"
    if label == "AGREEMENT" and norm not in AGREEMENT_KINDS:
        return f"AGREEMENT norm {norm!r} is not in the vocabulary"
    if label == "DATE" and not _ISO_DATE.match(norm):
        return f"DATE norm {norm!r} is not ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD)"
    if label == "COMMODITY" and norm != norm.lower():
        return f"COMMODITY norm {norm!r} must be lower case"
    return None


class Span(_Strict):
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    label: Label
    text: str
    norm: AgencyNorm | MoneyNorm | str

    @model_validator(mode="before")
    @classmethod
    def _coerce_norm(cls, data: Any) -> Any:
        # A bare dict norm is ambiguous between AGENCY and MONEY: pick by label.
        if isinstance(data, dict) and isinstance(data.get("norm"), dict):
            label = data.get("label")
            model = _NORM_MODELS.get(label)
            if model is not None:
                data = {**data, "norm": model.model_validate(data["norm"])}
        return data

    @model_validator(mode="after")
    def _check(self) -> Span:
        if self.end <= self.start:
            raise ValueError(f"span [{self.start}, {self.end}) is empty or reversed")
        if len(self.text) != self.end - self.start:
            raise ValueError(f"span text {self.text!r} does not fit [{self.start}, {self.end})")
        problem = _norm_shape_error(self.label, self.norm)
        if problem:
            raise ValueError(problem)
        return self


class Party(_Strict):
    role: PartyRole
    label: PartyLabel
    norm: str = Field(min_length=1)


class Deal(_Strict):
    kind: AgreementKind
    parties: list[Party] = Field(default_factory=list)
    amount: MoneyNorm | None = None
    date: IsoDate | None = None
    status: DealStatus | None = None
    count: int | None = Field(default=None, ge=1)
    commodities: list[str] = Field(default_factory=list)
    programs: list[str] = Field(default_factory=list)
    evidence: tuple[int, int]

    @model_validator(mode="after")
    def _check(self) -> Deal:
        start, end = self.evidence
        if not 0 <= start < end:
            raise ValueError(f"evidence {self.evidence} is not a non-empty range")
        return self


class DocumentMeta(BaseModel):
    """Where a document came from and what its page said of itself.

    Known fields are typed; loaders and crawlers may add more (fetched_at, status, ...).
    """

    model_config = ConfigDict(extra="allow")

    title: str | None = None
    url: str | None = None
    published: IsoDate | None = None
    source: str | None = None
    path: str | None = None
    language: str | None = None
    encoding: str | None = None


def content_hash(text: str) -> str:
    """Stable hash of a document's text, used for de-duplication and incremental runs."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class Document(BaseModel):
    model_config = ConfigDict(extra="allow")

    schema_version: str = SCHEMA_VERSION
    id: str = Field(min_length=1)
    text: str
    meta: DocumentMeta = Field(default_factory=DocumentMeta)
    content_hash: str | None = None

    @model_validator(mode="after")
    def _fill_hash(self) -> Document:
        if self.content_hash is None:
            self.content_hash = content_hash(self.text)
        return self


class Record(Document):
    """A document with what was extracted from it; also the golden annotation shape."""

    spans: list[Span] = Field(default_factory=list)
    deals: list[Deal] = Field(default_factory=list)

    @model_validator(mode="after")
    def _spans_index_text(self) -> Record:
        previous_end = -1
        for span in sorted(self.spans, key=lambda s: (s.start, s.end)):
            if span.end > len(self.text):
                raise ValueError(f"span {span.start}-{span.end} runs past the text")
            if self.text[span.start : span.end] != span.text:
                raise ValueError(
                    f"span {span.start}-{span.end} says {span.text!r} but the text has "
                    f"{self.text[span.start : span.end]!r}"
                )
            if span.start < previous_end:
                raise ValueError(f"span {span.start}-{span.end} {span.text!r} overlaps another")
            previous_end = span.end
        for deal in self.deals:
            if deal.evidence[1] > len(self.text):
                raise ValueError(f"deal evidence {deal.evidence} runs past the text")
        return self


Stage = Literal["discover", "load", "decode", "parse", "fetch", "extract", "validate", "write"]


class ErrorEntry(BaseModel):
    """A document that did not become a record, and why."""

    model_config = ConfigDict(extra="allow")

    schema_version: str = SCHEMA_VERSION
    id: str | None = None
    source: str = Field(description="Path or URL the document came from.")
    stage: Stage
    error_type: str
    message: str
