"""The partner network (regions, organisations, memberships, channels, invitations) and the
agreements between organisations. One module each; imported here so ``partnerships.models``
is the one place to import them from."""

from .agreements import (
    Agreement,
    AgreementComment,
    AgreementDocument,
    AgreementEvent,
    AgreementParty,
    ScopeItem,
    Signatory,
    Target,
)
from .network import (
    KPK_ROLES,
    MANAGER_ROLES,
    PARTNER_ROLES,
    Channel,
    Invitation,
    InvitationQuerySet,
    Membership,
    Organisation,
    Province,
    Regency,
    Role,
    TimeZone,
    check_role_fits,
    hash_token,
    roles_for_kind,
)

__all__ = [
    "KPK_ROLES",
    "MANAGER_ROLES",
    "PARTNER_ROLES",
    "Agreement",
    "AgreementComment",
    "AgreementDocument",
    "AgreementEvent",
    "AgreementParty",
    "Channel",
    "Invitation",
    "InvitationQuerySet",
    "Membership",
    "Organisation",
    "Province",
    "Regency",
    "Role",
    "ScopeItem",
    "Signatory",
    "Target",
    "TimeZone",
    "check_role_fits",
    "hash_token",
    "roles_for_kind",
]
