# The agreements, taken over from the partnerships app with their tables and data.

import agreements.models
import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("partnerships", "0004_agreements_move_to_their_own_app"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # The tables were created by partnerships' 0003 migration; this takes them over as they are
    # (0002 then gives them this app's names).
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Agreement",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("mou", "Memorandum of understanding (MoU)"),
                                    ("pks", "Cooperation agreement (PKS)"),
                                    ("addendum", "Addendum"),
                                ],
                                max_length=10,
                                verbose_name="kind",
                            ),
                        ),
                        ("title", models.CharField(max_length=300, verbose_name="title")),
                        ("summary", models.TextField(blank=True, verbose_name="summary")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("draft", "Draft"),
                                    ("negotiation", "In negotiation"),
                                    ("ready", "Ready to sign"),
                                    ("active", "Active"),
                                    ("expired", "Expired"),
                                    ("terminated", "Terminated"),
                                ],
                                default="draft",
                                editable=False,
                                max_length=12,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "signing_place",
                            models.CharField(
                                blank=True, max_length=150, verbose_name="place of signing"
                            ),
                        ),
                        (
                            "signed_on",
                            models.DateField(blank=True, null=True, verbose_name="signed on"),
                        ),
                        (
                            "effective_on",
                            models.DateField(blank=True, null=True, verbose_name="effective from"),
                        ),
                        (
                            "ends_on",
                            models.DateField(blank=True, null=True, verbose_name="ends on"),
                        ),
                        (
                            "termination_reason",
                            models.TextField(blank=True, verbose_name="reason for termination"),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created"),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                        (
                            "owner",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="owned_agreements",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="KPK owner",
                            ),
                        ),
                        (
                            "parent",
                            models.ForeignKey(
                                blank=True,
                                help_text="The MoU a PKS falls under, or the agreement an addendum amends.",
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="children",
                                to="agreements.agreement",
                                verbose_name="under",
                            ),
                        ),
                        (
                            "predecessor",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="successor",
                                to="agreements.agreement",
                                verbose_name="renews",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "agreement",
                        "verbose_name_plural": "agreements",
                        "db_table": "partnerships_agreement",
                        "ordering": ["-updated_at"],
                    },
                ),
                migrations.CreateModel(
                    name="AgreementComment",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("body", models.TextField(verbose_name="comment")),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="written"),
                        ),
                        (
                            "agreement",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="comments",
                                to="agreements.agreement",
                                verbose_name="agreement",
                            ),
                        ),
                        (
                            "author",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="author",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "comment",
                        "verbose_name_plural": "comments",
                        "db_table": "partnerships_agreementcomment",
                        "ordering": ["created_at"],
                    },
                ),
                migrations.CreateModel(
                    name="AgreementEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "action",
                            models.CharField(
                                choices=[
                                    ("created", "created the agreement"),
                                    ("updated", "changed the details"),
                                    ("parties", "changed the parties"),
                                    ("scope", "changed the scope and targets"),
                                    ("document", "uploaded a document"),
                                    ("status", "changed the status"),
                                    ("comment", "commented"),
                                    ("renewed", "started a renewal"),
                                ],
                                max_length=10,
                                verbose_name="action",
                            ),
                        ),
                        (
                            "changes",
                            models.JSONField(blank=True, default=dict, verbose_name="changes"),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                db_index=True,
                                default=django.utils.timezone.now,
                                verbose_name="when",
                            ),
                        ),
                        (
                            "actor",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="by",
                            ),
                        ),
                        (
                            "agreement",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="events",
                                to="agreements.agreement",
                                verbose_name="agreement",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "history entry",
                        "verbose_name_plural": "history",
                        "db_table": "partnerships_agreementevent",
                        "ordering": ["-created_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="AgreementParty",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "document_number",
                            models.CharField(
                                blank=True, max_length=120, verbose_name="document number"
                            ),
                        ),
                        (
                            "position",
                            models.PositiveSmallIntegerField(default=0, verbose_name="order"),
                        ),
                        (
                            "agreement",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="parties",
                                to="agreements.agreement",
                                verbose_name="agreement",
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="agreement_parties",
                                to="partnerships.organisation",
                                verbose_name="organisation",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "party",
                        "verbose_name_plural": "parties",
                        "db_table": "partnerships_agreementparty",
                        "ordering": ["position", "pk"],
                    },
                ),
                migrations.AddField(
                    model_name="agreement",
                    name="organisations",
                    field=models.ManyToManyField(
                        related_name="agreements",
                        through="agreements.AgreementParty",
                        to="partnerships.organisation",
                        verbose_name="parties",
                    ),
                ),
                migrations.CreateModel(
                    name="ScopeItem",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "area",
                            models.CharField(
                                choices=[
                                    ("coordination", "Coordination"),
                                    (
                                        "dissemination",
                                        "Dissemination and publication of anti-corruption material",
                                    ),
                                    ("education", "Education and training"),
                                    ("data_exchange", "Exchange of data and information"),
                                    (
                                        "joint_production",
                                        "Joint production of content and public service ads",
                                    ),
                                    ("media_sharing", "Sharing of communication media"),
                                    ("other", "Other"),
                                ],
                                max_length=20,
                                verbose_name="area",
                            ),
                        ),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        (
                            "agreement",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="scope_items",
                                to="agreements.agreement",
                                verbose_name="agreement",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "scope item",
                        "verbose_name_plural": "scope items",
                        "db_table": "partnerships_scopeitem",
                        "ordering": ["pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Signatory",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=150, verbose_name="name")),
                        ("position", models.CharField(max_length=200, verbose_name="position")),
                        (
                            "agreement",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="signatories",
                                to="agreements.agreement",
                                verbose_name="agreement",
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="partnerships.organisation",
                                verbose_name="organisation",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "signatory",
                        "verbose_name_plural": "signatories",
                        "db_table": "partnerships_signatory",
                        "ordering": ["pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Target",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "metric",
                            models.CharField(
                                choices=[
                                    (
                                        "kpk_content_published",
                                        "KPK content published on partner channels",
                                    ),
                                    ("joint_productions", "Joint productions"),
                                    ("trainings_held", "Trainings held"),
                                    ("media_briefings_held", "Media briefings held"),
                                    ("participants_trained", "Participants trained"),
                                    ("manual", "Figure entered by hand"),
                                ],
                                max_length=24,
                                verbose_name="what is counted",
                            ),
                        ),
                        (
                            "label",
                            models.CharField(
                                blank=True,
                                help_text="For a figure entered by hand.",
                                max_length=200,
                                verbose_name="label",
                            ),
                        ),
                        (
                            "quantity",
                            models.PositiveIntegerField(
                                validators=[django.core.validators.MinValueValidator(1)],
                                verbose_name="how many",
                            ),
                        ),
                        (
                            "period",
                            models.CharField(
                                choices=[
                                    ("year", "per year"),
                                    ("quarter", "per quarter"),
                                    ("term", "over the whole term"),
                                ],
                                max_length=8,
                                verbose_name="period",
                            ),
                        ),
                        (
                            "manual_value",
                            models.PositiveIntegerField(
                                blank=True, null=True, verbose_name="achieved so far"
                            ),
                        ),
                        (
                            "scope_item",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="targets",
                                to="agreements.scopeitem",
                                verbose_name="scope item",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "target",
                        "verbose_name_plural": "targets",
                        "db_table": "partnerships_target",
                        "ordering": ["pk"],
                    },
                ),
                migrations.CreateModel(
                    name="AgreementDocument",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("draft", "Draft"),
                                    ("signed", "Signed scan"),
                                    ("attachment", "Attachment"),
                                ],
                                max_length=12,
                                verbose_name="kind",
                            ),
                        ),
                        ("version", models.PositiveIntegerField(verbose_name="version")),
                        (
                            "file",
                            models.FileField(
                                max_length=255,
                                upload_to=agreements.models.document_path,
                                verbose_name="file",
                            ),
                        ),
                        (
                            "original_name",
                            models.CharField(max_length=255, verbose_name="file name"),
                        ),
                        (
                            "content_type",
                            models.CharField(max_length=100, verbose_name="content type"),
                        ),
                        ("size", models.PositiveBigIntegerField(verbose_name="size")),
                        ("sha256", models.CharField(editable=False, max_length=64)),
                        ("note", models.CharField(blank=True, max_length=300, verbose_name="note")),
                        (
                            "uploaded_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="uploaded"),
                        ),
                        (
                            "agreement",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="documents",
                                to="agreements.agreement",
                                verbose_name="agreement",
                            ),
                        ),
                        (
                            "uploaded_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="uploaded by",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "document",
                        "verbose_name_plural": "documents",
                        "db_table": "partnerships_agreementdocument",
                        "ordering": ["-uploaded_at"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("agreement", "kind", "version"),
                                name="agreement_document_version_once",
                            )
                        ],
                    },
                ),
                migrations.AddConstraint(
                    model_name="agreementparty",
                    constraint=models.UniqueConstraint(
                        fields=("agreement", "organisation"), name="agreement_party_once"
                    ),
                ),
                migrations.AddIndex(
                    model_name="agreement",
                    index=models.Index(
                        fields=["status", "ends_on"], name="partnership_status_48f613_idx"
                    ),
                ),
                migrations.AddIndex(
                    model_name="agreement",
                    index=models.Index(
                        fields=["kind", "status"], name="partnership_kind_8dd71c_idx"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="agreement",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("ends_on__isnull", True),
                            ("effective_on__isnull", True),
                            ("ends_on__gte", models.F("effective_on")),
                            _connector="OR",
                        ),
                        name="agreement_ends_after_it_starts",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="agreement",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("kind", "mou"), _negated=True),
                            ("parent__isnull", True),
                            _connector="OR",
                        ),
                        name="agreement_mou_has_no_parent",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
