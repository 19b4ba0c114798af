"""marshmallow's Schema and fields with the per-value bookkeeping of a load trimmed.

The profile is loaded on every POST, and query and header arguments on every request, and
marshmallow's generic machinery cost more than the checks themselves. The same fields and
validators run in the same order; only the wrapping is leaner, and any case off the common path
(an error, a partial load, a non-dict) takes marshmallow's own code, so what is accepted and every
error message stay marshmallow's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, missing
from marshmallow.decorators import POST_LOAD, PRE_LOAD, VALIDATES, VALIDATES_SCHEMA
from marshmallow.error_store import ErrorStore


class LeanSchema(Schema):
    """A Schema whose load of a plain dict (or, excluding unknown keys, of any mapping: webargs'
    query and headers) skips the closures and set building of each field."""

    # (key in the data, key in the result, field) of every load field, when no result key is dotted.
    _plan: tuple[tuple[str, str, fields.Field], ...] | None = None
    _plan_names: frozenset[str] = frozenset()
    _load_hooks_known: bool | None = None

    def _init_fields(self) -> None:
        super()._init_fields()
        items = tuple(
            (
                name if field.data_key is None else field.data_key,
                field.attribute or name,
                field,
            )
            for name, field in self.load_fields.items()
        )
        simple = all("." not in key for _, key, _ in items)
        self._plan = items if simple else None
        self._plan_names = frozenset(data_key for data_key, _, _ in items)

    def load(
        self,
        data: Any,
        *,
        many: bool | None = None,
        partial: Any = None,
        unknown: Any = None,
    ) -> Any:
        """marshmallow's load of one object by a schema with no hooks is its `_deserialize`; any
        error reruns marshmallow's own load, for the error (and `handle_error`) it gives."""
        if (
            many is None
            and partial is None
            and not self.many
            and self.partial is None
            and not self._has_load_hooks()
        ):
            error_store = ErrorStore()
            result = self._deserialize(
                data,
                error_store=error_store,
                unknown=self.unknown if unknown is None else unknown,
            )
            if not error_store.errors:
                return result
        return super().load(data, many=many, partial=partial, unknown=unknown)

    @classmethod
    def _has_load_hooks(cls) -> bool:
        """Whether the class has any hook a load runs, asked once per class."""
        known = cls.__dict__.get("_load_hooks_known")
        if known is None:
            known = any(
                cls._hooks[tag] for tag in (PRE_LOAD, POST_LOAD, VALIDATES, VALIDATES_SCHEMA)
            )
            cls._load_hooks_known = known
        return known

    def _deserialize(
        self,
        data: Any,
        *,
        error_store: Any,
        many: bool = False,
        partial: Any = None,
        unknown: Any = RAISE,
        index: int | None = None,
    ) -> Any:
        plan = self._plan
        if (
            plan is None
            or many
            or partial is not None
            or not (
                (unknown == RAISE and type(data) is dict)
                or (unknown == EXCLUDE and isinstance(data, Mapping))
            )
        ):
            return super()._deserialize(
                data,
                error_store=error_store,
                many=many,
                partial=partial,
                unknown=unknown,
                index=index,
            )
        index = index if self.opts.index_errors else None
        result = self.dict_class()
        found = 0
        for name, key, field in plan:
            raw = data.get(name, missing)
            if raw is not missing:
                found += 1
            try:
                value = field.deserialize(raw, name, data)
            except ValidationError as error:
                error_store.store_error(error.messages, name, index=index)
                value = error.valid_data or missing
            if value is not missing:
                result[key] = value
        # Some key is no field: the same set difference as marshmallow's.
        if unknown == RAISE and found != len(data):
            for key in set(data) - self._plan_names:
                error_store.store_error([self.error_messages["unknown"]], key, index)
        return result


class LeanValidation(fields.Field):
    """A field whose load runs its validators in a loop rather than through a new `And` per value;
    a failure reruns them all through marshmallow's `_validate`, for the combined error it gives."""

    def deserialize(self, value: Any, attr: Any = None, data: Any = None, **kwargs: Any) -> Any:
        """marshmallow's steps for a field without pre/post-load hooks: an optional field left out
        takes its default, a given non-null value is converted and validated; the rest (a
        required field left out, a null) takes marshmallow's own path."""
        if self.pre_load or self.post_load or value is None:
            return super().deserialize(value, attr, data, **kwargs)
        if value is missing:
            if self.required:
                return super().deserialize(value, attr, data, **kwargs)
            default = self.load_default
            return default() if callable(default) else default
        output = (
            self._deserialize(value, attr, data, **kwargs)
            if kwargs
            else self._deserialize(value, attr, data)
        )
        try:
            for validator in self.validators:
                validator(output)
        except ValidationError:
            self._validate(output)  # raises the combined error of every validator
            raise
        return output


class String(LeanValidation, fields.String):
    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        if type(value) is str:
            return value
        return super()._deserialize(value, attr, data, **kwargs)


class Boolean(LeanValidation, fields.Boolean):
    pass


class Integer(LeanValidation, fields.Integer):
    pass


class AwareDateTime(LeanValidation, fields.AwareDateTime):
    pass


class List(LeanValidation, fields.List):
    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> list[Any]:
        if type(value) is list and not kwargs:
            inner = self.inner.deserialize
            try:
                return [inner(each) for each in value]
            except ValidationError:
                pass  # marshmallow's loop collects every item's error
        return super()._deserialize(value, attr, data, **kwargs)


class Nested(LeanValidation, fields.Nested):
    pass
