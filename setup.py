"""Only the C evaluator lives here; everything else about the package is in pyproject.toml."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "service.engine._fastpath",
            sources=[
                f"service/engine/fastpath_c/{name}.c"
                for name in ("module", "tables", "evaluate", "text")
            ],
            depends=["service/engine/fastpath_c/fastpath.h"],
            # Floats must round exactly as CPython's do: no fused multiply-adds.
            extra_compile_args=["-O2", "-ffp-contract=off"],
            # Without a compiler the install still succeeds and the engine runs in Python.
            optional=True,
        )
    ]
)
