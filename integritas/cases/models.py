"""Whistleblowing reports and public complaints, encrypted at rest.

What a database dump shows is limited to what is needed to run a case (ARCHITECTURE.md, "Case
confidentiality"): tenant, channel, category, the unit concerned, state, dates and deadlines,
classification codes and the recovered amount for statistics. Everything a person wrote — the
report's answers, the reporter's identity, messages, notes, reasons, referral notes, follow-up
findings, task titles, attachment names and bytes — is a `*_box`: libsodium secretbox ciphertext
under one of the case's two random data keys (`integritas.cases.crypto`):

- the **content key** opens the report, messages, notes, files and everything else;
- the **identity key** opens only `Case.identity_box`. External viewers (the Kejaksaan through a
  referral) get the content key but never the identity key (MoU APIP–APH: no reporter identity).

The data keys themselves are stored only sealed (`CaseKey`): to each authorised handler's public
key (`HandlerKey`), to the tenant's escrow key (`EscrowKey`) and, for the content key, to the key
derived from the reporter's receipt.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from integritas.core.models import TenantScopedModel, TimestampedModel


class Channel(models.TextChoices):
    WBS = "wbs", _("Whistleblowing (WBS)")
    COMPLAINT = "complaint", _("Public complaint (pengaduan)")


class State(models.TextChoices):
    DITERIMA = "diterima", _("Received")
    VERIFIKASI = "verifikasi", _("Verification")
    MENUNGGU_KELENGKAPAN = "menunggu_kelengkapan", _("Waiting for more information")
    TELAAH = "telaah", _("Review (telaah)")
    DILIMPAHKAN = "dilimpahkan", _("Referred to another authority")
    PEMERIKSAAN = "pemeriksaan", _("Examination")
    DITOLAK = "ditolak", _("Rejected")
    TINDAK_LANJUT = "tindak_lanjut", _("Follow-up")
    SELESAI = "selesai", _("Closed")


class DueKind(models.TextChoices):
    """The four tiers of REFERENCE §6.2; the day counts live in `DeadlinePolicy`."""

    FIRST_RESPONSE = "first_response", _("First response")
    SIMPLE = "simple", _("Simple request or grievance")
    DESK = "desk", _("Without field examination")
    FIELD = "field", _("With field examination")


class ExamKind(models.TextChoices):
    KLARIFIKASI = "klarifikasi", _("Clarification")
    INVESTIGATIF = "investigatif", _("Investigative audit")


class Conclusion(models.TextChoices):
    ADMINISTRATIF = "administratif", _("Administrative error")
    INDIKASI_PIDANA = "indikasi_pidana", _("Indication of a crime")


class AdminCriterion(models.TextChoices):
    """REFERENCE §6.3: the four meanings of *kesalahan administrasi* in the APIP–APH MoU."""

    NO_LOSS = "no_loss", _("No state or regional financial loss")
    TGR_SETTLED = "tgr_settled", _("Loss settled through TGR within 60 days")
    DISCRETION = "discretion", _("Part of a discretion")
    ADMINISTRATION = "administration", _("Administration of government")


class Outcome(models.TextChoices):
    TERBUKTI = "terbukti", _("Substantiated")
    TIDAK_TERBUKTI = "tidak_terbukti", _("Not substantiated")
    SEBAGIAN_TERBUKTI = "sebagian_terbukti", _("Partly substantiated")


class Case(FSMModelMixin, TenantScopedModel):
    """One report or complaint. Transition methods are added by the workflow (cases_ws)."""

    number = models.CharField(_("case number"), max_length=20)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    category = models.CharField(_("category"), max_length=40)
    unit = models.ForeignKey(
        "tenancy.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("unit concerned"), help_text=_("Empty when the reporter does not know."),
    )
    state = FSMField(_("state"), max_length=24, choices=State.choices, default=State.DITERIMA,
                     protected=True)
    received_at = models.DateTimeField(_("received at"))
    # Deadlines (working days, DeadlinePolicy); `due_on` is the deadline of the current tier.
    first_response_due = models.DateField(_("first response due"))
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    due_kind = models.CharField(_("deadline kind"), max_length=16, choices=DueKind.choices,
                                default=DueKind.FIRST_RESPONSE)
    breached_at = models.DateTimeField(_("deadline breached at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Classification (telaah) and conclusion; None / "" until decided.
    audit_relevant = models.BooleanField(_("berkadar pengawasan"), null=True, blank=True)
    within_authority = models.BooleanField(_("within the Inspektorat's authority"), null=True,
                                           blank=True)
    exam_kind = models.CharField(_("examination kind"), max_length=12, choices=ExamKind.choices,
                                 blank=True)
    conclusion = models.CharField(_("conclusion"), max_length=16, choices=Conclusion.choices,
                                  blank=True)
    admin_criterion = models.CharField(_("administrative criterion"), max_length=16,
                                       choices=AdminCriterion.choices, blank=True)
    tgr_due = models.DateField(_("TGR settlement due"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    # Plaintext on purpose: the statistics add it up; it says nothing about who or what.
    recovered_amount = models.BigIntegerField(_("recovered amount (rupiah)"), default=0)
    # Ciphertext: JSON answers under the content key; identity JSON under the identity key.
    content_box = models.BinaryField()
    identity_box = models.BinaryField(null=True, blank=True)
    # HMAC of the receipt under the server pepper: lookup only, reveals nothing offline.
    receipt_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("case")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "number"], name="case_unique_number"),
            models.UniqueConstraint(fields=["tenant", "receipt_hash"],
                                    name="case_unique_receipt"),
        ]
        indexes = [
            models.Index(fields=["tenant", "state", "due_on"]),
            models.Index(fields=["tenant", "channel", "received_at"]),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_anonymous(self) -> bool:
        return self.identity_box is None

    # --- workflow (cases_ws): the graph of REFERENCE §4. The methods only guard the move; the
    # services in `workflow.py` record who, when and why and move the deadlines.
    OPEN_STATES = (State.DITERIMA, State.VERIFIKASI, State.MENUNGGU_KELENGKAPAN, State.TELAAH,
                   State.DILIMPAHKAN, State.PEMERIKSAAN, State.TINDAK_LANJUT)

    @transition(field=state, source=[State.DITERIMA, State.MENUNGGU_KELENGKAPAN],
                target=State.VERIFIKASI)
    def verify(self):
        """Check that the report is complete (again, after the reporter answered)."""

    @transition(field=state, source=State.VERIFIKASI, target=State.MENUNGGU_KELENGKAPAN)
    def request_information(self):
        """Ask the reporter for what is missing; the clock waits for them."""

    @transition(field=state, source=State.VERIFIKASI, target=State.TELAAH)
    def review(self):
        """Complete: the review team classifies it."""

    @transition(field=state, source=[State.TELAAH, State.PEMERIKSAAN], target=State.DILIMPAHKAN)
    def refer(self):
        """To another authority (from review), or to the APH on an indication of a crime."""

    @transition(field=state, source=State.TELAAH, target=State.PEMERIKSAAN)
    def examine(self):
        """Clarification or investigative audit by an assigned team."""

    @transition(field=state, source=[State.VERIFIKASI, State.MENUNGGU_KELENGKAPAN, State.TELAAH],
                target=State.DITOLAK)
    def reject(self):
        """Not taken further, with a reason the reporter reads."""

    @transition(field=state, source=State.PEMERIKSAAN, target=State.TINDAK_LANJUT)
    def follow_up(self):
        """The examination concluded: findings, recommendations, sanctions, recovery."""

    @transition(field=state, source=[State.TINDAK_LANJUT, State.DILIMPAHKAN],
                target=State.SELESAI)
    def close(self):
        """Finished, with an outcome."""
    # --- end of workflow (cases_ws)


class CaseCounter(TenantScopedModel):
    """The last number given per channel prefix and year; bumped under a row lock at intake."""

    prefix = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "prefix", "year"],
                                    name="case_counter_unique"),
        ]


class CaseSubject(TenantScopedModel):
    """An employee named in a case, linked by a handler.

    Deliberately plaintext and minimal (who, not what): it is the link that keeps the reported
    person away from the case — they can never be assigned to it or read it.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="subjects")
    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("employee"))
    added_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("person named")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "case", "employee"],
                                    name="case_subject_unique"),
        ]


class HandlerKey(TimestampedModel):
    """A staff member's key pair; the private half is wrapped by an Argon2id key of the password.

    One per user (not per tenant: a person's cases in every tenant are sealed to the same key).
    """

    user = models.OneToOneField("accounts.User", on_delete=models.CASCADE,
                                related_name="case_key")
    public_key = models.BinaryField()
    wrapped_private_key = models.BinaryField()
    kdf_salt = models.BinaryField()
    kdf_opslimit = models.PositiveIntegerField()
    kdf_memlimit = models.PositiveBigIntegerField()

    def __str__(self) -> str:
        return f"case key of user {self.user_id}"


class HandlerTokenKey(TenantScopedModel):
    """The handler's private key wrapped under an API token's secret (Bearer access to cases)."""

    token = models.OneToOneField("accounts.ApiToken", on_delete=models.CASCADE,
                                 related_name="case_key")
    wrapped_private_key = models.BinaryField()


class EscrowKey(TenantScopedModel):
    """The Pemda's recovery key. Only the public half is stored; the private half exists only as
    two shares printed once for two officials (docs/cases.md, "Escrow")."""

    public_key = models.BinaryField()
    fingerprint = models.CharField(max_length=64)
    created_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("escrow key")
        constraints = [
            models.UniqueConstraint(fields=["tenant"], condition=models.Q(retired_at=None),
                                    name="escrow_key_one_active_per_tenant"),
        ]


class CaseSettings(TenantScopedModel):
    """Per-tenant intake settings: the receipt KDF salt, extra intake handlers, category tweaks."""

    receipt_salt = models.BinaryField()
    intake_handlers = models.ManyToManyField(
        "accounts.User", blank=True, related_name="+",
        verbose_name=_("also receive new reports"),
        help_text=_("Besides the Inspektur, these people get every new report."),
    )
    # The Pemda's own categories, [{"channel": "wbs", "code": "...", "label": "..."}] (removed
    # ones stay, hidden), and the hidden ones as "channel:code" entries (categories.py).
    extra_categories = models.JSONField(default=list, blank=True)
    hidden_categories = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant"], name="case_settings_one_per_tenant"),
        ]


class CaseKey(TenantScopedModel):
    """One of a case's two data keys, sealed to one holder."""

    class Purpose(models.TextChoices):
        CONTENT = "content", _("Content")
        IDENTITY = "identity", _("Identity")

    class Holder(models.TextChoices):
        HANDLER = "handler", _("Handler")
        ESCROW = "escrow", _("Escrow")
        RECEIPT = "receipt", _("Receipt")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="keys")
    purpose = models.CharField(max_length=8, choices=Purpose.choices)
    holder = models.CharField(max_length=8, choices=Holder.choices)
    user = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    escrow = models.ForeignKey(EscrowKey, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    sealed = models.BinaryField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["case", "holder", "user"])]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "case", "purpose", "user"],
                                    condition=models.Q(revoked_at=None, holder="handler"),
                                    name="case_key_one_live_per_handler"),
        ]


class Assignment(TenantScopedModel):
    """Access to one case, granted by the Inspektur and revocable. Never by role alone."""

    class Kind(models.TextChoices):
        LEAD = "lead", _("Lead handler")
        MEMBER = "member", _("Team member")
        EXTERNAL = "external", _("External viewer")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("role in the case"), max_length=8, choices=Kind.choices)
    granted_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField()
    no_conflict_confirmed_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["granted_at"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "case", "user"],
                                    condition=models.Q(revoked_at=None),
                                    name="assignment_one_live_per_user"),
        ]


class Message(TenantScopedModel):
    class Kind(models.TextChoices):
        TO_REPORTER = "to_reporter", _("To the reporter")
        FROM_REPORTER = "from_reporter", _("From the reporter")
        INTERNAL_NOTE = "internal_note", _("Internal note")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=14, choices=Kind.choices)
    author = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    body_box = models.BinaryField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]


class Attachment(TenantScopedModel):
    """An evidence file: cleaned, encrypted in chunks under the content key, stored under a
    random name (`cases/<blob_name>` in the default storage)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="attachments")
    from_reporter = models.BooleanField(default=True)
    uploaded_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    blob_name = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    name_box = models.BinaryField()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "blob_name"], name="attachment_blob_unique"),
        ]


class Transition(TenantScopedModel):
    """Who moved the case, when and why; the reporter sees the state's plain-language text and
    `public_note_box` if the handler wrote one (both under the content key)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    source = models.CharField(max_length=24, choices=State.choices)
    target = models.CharField(max_length=24, choices=State.choices)
    actor = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    at = models.DateTimeField()
    reason_box = models.BinaryField(null=True, blank=True)
    public_note_box = models.BinaryField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]


class Referral(TenantScopedModel):
    """A case passed to or received from another authority (REFERENCE §6.3)."""

    class Direction(models.TextChoices):
        OUT = "out", _("Referred out")
        IN = "in", _("Received")

    class Authority(models.TextChoices):
        KPK = "kpk", _("KPK")
        OMBUDSMAN = "ombudsman", _("Ombudsman")
        KEJAKSAAN = "kejaksaan", _("Kejaksaan")
        POLRI = "polri", _("Polri")
        OTHER_PEMDA = "other_pemda", _("Another Pemda")
        OPD = "opd", _("The responsible OPD")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    direction = models.CharField(max_length=3, choices=Direction.choices)
    authority_kind = models.CharField(max_length=12, choices=Authority.choices)
    authority_name = models.CharField(max_length=200)
    unit = models.ForeignKey("tenancy.Unit", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    letter_number = models.CharField(max_length=100)
    letter_date = models.DateField()
    received_on = models.DateField(null=True, blank=True)
    shared_with = models.ForeignKey("accounts.User", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    notes_box = models.BinaryField(null=True, blank=True)
    created_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["letter_date", "id"]


class CaseTask(TenantScopedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title_box = models.BinaryField()
    assignee = models.ForeignKey("accounts.User", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    due_on = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["done_at", "due_on", "id"]


class FollowUp(TenantScopedModel):
    """Findings, recommendations and proposed sanctions (JSON in `body_box`), and the recovery."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    body_box = models.BinaryField()
    recovered_amount = models.BigIntegerField(default=0)
    created_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created_at", "id"]


class DeadlinePolicy(TenantScopedModel):
    """The working-day limits of one channel from a date; defaults from
    `libraries/cases/deadlines.yaml` (REFERENCE §6.2)."""

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    first_response_days = models.PositiveSmallIntegerField(_("first response (working days)"))
    simple_days = models.PositiveSmallIntegerField(_("simple requests (working days)"))
    desk_days = models.PositiveSmallIntegerField(_("without field examination (working days)"))
    field_days = models.PositiveSmallIntegerField(_("with field examination (working days)"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    effective_from = models.DateField(_("effective from"))

    class Meta:
        ordering = ["channel", "-effective_from"]
        verbose_name = _("deadline policy")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "channel", "effective_from"],
                                    name="deadline_policy_unique_date"),
        ]

    def days_for(self, kind: str) -> int:
        return getattr(self, f"{kind}_days")
