"""The exception tree of talentgraph. Every error a user can see is one of these.

    TalentGraphError                      base: code, status, message (what, expected, got, fix)
    ├── ParameterError(ValueError)        E0412  a bad argument to a public function or command
    ├── ConfigError                       E0101  a bad setting or configuration file
    ├── InputError(ValueError)            E02xx  a file or record we cannot read
    │   ├── FileNotFoundInputError        E0201  the path does not exist
    │   ├── EmptyInputError               E0202  the file has no text
    │   ├── BinaryInputError              E0203  the file is binary, not a document
    │   ├── EncodingInputError            E0204  the bytes decode in no supported encoding
    │   ├── UnsupportedFormatError        E0205  the file type is not one we read
    │   ├── CorruptDocumentError          E0206  a truncated or broken PDF/DOCX/XLSX
    │   ├── MissingColumnError            E0207  a table lacks a named column (lists those found)
    │   ├── BadRecordError                E0208  one record in a table or JSON file is unusable
    │   ├── InputTooLargeError            E0209  over a size or page limit
    │   └── ImportValidationError         E0210  an import has bad rows; nothing was written
    ├── TaxonomyError                     E03xx  the skill framework
    │   ├── UnknownSkillError(KeyError)   E0301  no skill with that slug
    │   ├── TaxonomyBuildError            E0302  a source is missing or inconsistent
    │   ├── CyclicPrerequisiteError       E0303  prerequisites form a cycle
    │   └── OverlayError                  E0304  the organisation's YAML overlay is invalid
    ├── ExtractionError                   E04xx  a pipeline component failed
    │   └── UnknownComponentError         E0401  no component registered under that name
    └── ModelError                        E05xx  trained models
        ├── ModelNotFoundError            E0501  no model file where expected
        ├── NotFittedError(AttributeError) E0502 predict before fit
        └── TrainingDataError             E0503  the training data cannot train this model
    ├── NotFoundError(KeyError)           E0404  no such record in the workspace
    ├── ConflictError                     E0409  the record exists already / the change conflicts
    └── AccessError                       E06xx  accounts and permissions
        ├── AuthenticationError           E0601  not logged in, or wrong credentials
        ├── ThrottledError                E0602  too many failed logins; wait
        ├── PermissionDeniedError         E0603  logged in, but the role may not do this
        └── CsrfError                     E0604  a form or request without its CSRF token
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "AccessError",
    "AuthenticationError",
    "ConflictError",
    "CsrfError",
    "NotFoundError",
    "PermissionDeniedError",
    "ThrottledError",
    "BadRecordError",
    "BinaryInputError",
    "ConfigError",
    "CorruptDocumentError",
    "CyclicPrerequisiteError",
    "EmptyInputError",
    "EncodingInputError",
    "ExtractionError",
    "FileNotFoundInputError",
    "ImportValidationError",
    "InputError",
    "InputTooLargeError",
    "MissingColumnError",
    "ModelError",
    "ModelNotFoundError",
    "NotFittedError",
    "OverlayError",
    "ParameterError",
    "TalentGraphError",
    "TaxonomyBuildError",
    "TaxonomyError",
    "TrainingDataError",
    "UnknownComponentError",
    "UnknownSkillError",
    "UnsupportedFormatError",
]


class TalentGraphError(Exception):
    """Base of every talentgraph error: a code, an HTTP status and a helpful message."""

    code: str = "E0001"
    status: int = 500

    def __init__(self, message: str, *, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details: list[str] = list(details or [])

    def __str__(self) -> str:
        return self.message

    def to_dict(self) -> dict[str, object]:
        """The API error envelope for this error."""
        return {
            "ok": False,
            "status": self.status,
            "code": self.code,
            "error": self.message,
            "errors": self.details or [self.message],
        }


class ParameterError(TalentGraphError, ValueError):
    code, status = "E0412", 422

    @classmethod
    def invalid(cls, name: str, owner: str, expected: str, got: object) -> ParameterError:
        """The one message form for a bad parameter."""
        return cls(f"The {name!r} parameter of {owner} must be {expected}. Got {got!r} instead.")


class ConfigError(TalentGraphError):
    code, status = "E0101", 500


class InputError(TalentGraphError, ValueError):
    code, status = "E0200", 400


class FileNotFoundInputError(InputError):
    code, status = "E0201", 404


class EmptyInputError(InputError):
    code = "E0202"


class BinaryInputError(InputError):
    code = "E0203"


class EncodingInputError(InputError):
    code = "E0204"


class UnsupportedFormatError(InputError):
    code, status = "E0205", 415


class CorruptDocumentError(InputError):
    code = "E0206"


class MissingColumnError(InputError):
    code, status = "E0207", 422


class BadRecordError(InputError):
    code, status = "E0208", 422


class InputTooLargeError(InputError):
    code, status = "E0209", 413


class ImportValidationError(InputError):
    """An import file has rows that do not validate; ``report`` (an ImportReport) lists every
    issue by file, row and column. Nothing was written."""

    code, status = "E0210", 422

    def __init__(self, message: str, *, report: Any, details: list[str] | None = None) -> None:
        super().__init__(message, details=details)
        self.report = report


class TaxonomyError(TalentGraphError):
    code, status = "E0300", 500


class UnknownSkillError(TaxonomyError, KeyError):
    code, status = "E0301", 404

    def __str__(self) -> str:  # KeyError would quote the message
        return self.message


class TaxonomyBuildError(TaxonomyError):
    code = "E0302"


class CyclicPrerequisiteError(TaxonomyError):
    code = "E0303"


class OverlayError(TaxonomyError):
    code, status = "E0304", 422


class ExtractionError(TalentGraphError):
    code, status = "E0400", 500


class UnknownComponentError(ExtractionError, KeyError):
    code, status = "E0401", 400

    def __str__(self) -> str:
        return self.message


class ModelError(TalentGraphError):
    code, status = "E0500", 500


class ModelNotFoundError(ModelError):
    code = "E0501"


class NotFittedError(ModelError, AttributeError):
    code = "E0502"


class TrainingDataError(ModelError, ValueError):
    code, status = "E0503", 422


class NotFoundError(TalentGraphError, KeyError):
    code, status = "E0404", 404

    def __str__(self) -> str:
        return self.message


class ConflictError(TalentGraphError):
    code, status = "E0409", 409


class AccessError(TalentGraphError):
    code, status = "E0600", 403


class AuthenticationError(AccessError):
    code, status = "E0601", 401


class ThrottledError(AccessError):
    code, status = "E0602", 429

    def __init__(self, message: str, *, retry_after: int, details: list[str] | None = None) -> None:
        super().__init__(message, details=details)
        self.retry_after = retry_after


class PermissionDeniedError(AccessError):
    code, status = "E0603", 403


class CsrfError(AccessError):
    code, status = "E0604", 403
