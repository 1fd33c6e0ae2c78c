from django.conf import settings


def test_settings_use_the_sinergi_mfa_adapter():
    # Its messages and its refusal to remove a required authenticator exist only if allauth uses it.
    assert settings.MFA_ADAPTER == "accounts.adapters.MFAAdapter"


def test_settings_use_the_sinergi_account_adapter():
    assert settings.ACCOUNT_ADAPTER == "accounts.adapters.AccountAdapter"
