"""HTTP schemas of the registry (they are its OpenAPI document): one module per resource."""

from __future__ import annotations

from .people import (
    EnterpriseArgs,
    EnterpriseInSchema,
    EnterprisePatchSchema,
    EnterpriseSchema,
    ExpertArgs,
    ExpertInSchema,
    ExpertPatchSchema,
    ExpertSchema,
    LinkSchema,
)
from .providers import (
    DirectoryArgs,
    ProviderArgs,
    ProviderInSchema,
    ProviderPatchSchema,
    ProviderSchema,
    PublicProviderSchema,
    VerificationSchema,
)
from .shared import StatusChangeSchema, patch

__all__ = [
    "DirectoryArgs",
    "EnterpriseArgs",
    "EnterpriseInSchema",
    "EnterprisePatchSchema",
    "EnterpriseSchema",
    "ExpertArgs",
    "ExpertInSchema",
    "ExpertPatchSchema",
    "ExpertSchema",
    "LinkSchema",
    "ProviderArgs",
    "ProviderInSchema",
    "ProviderPatchSchema",
    "ProviderSchema",
    "PublicProviderSchema",
    "StatusChangeSchema",
    "VerificationSchema",
    "patch",
]
