"""Zona Integritas: a unit's programme (pencanangan, SK Tim ZI, rencana kerja, status over the
years) and its yearly LKE self-assessment with evidence and the TPI/TPN values.

Scoring belongs to `integritas.lke` (the engine); this app stores the answers and, on every
change, the computed totals (`LkeAssessment.*_total`, `scores`), so the ranking of a Pemda's units
reads one row per unit and year and never re-scores on a request.
"""

from __future__ import annotations

from pathlib import PurePath

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from integritas.core.models import TenantScopedModel, TimestampedModel


class Predicate(models.TextChoices):
    WBK = "wbk", _("Menuju WBK")
    WBBM = "wbbm", _("Menuju WBBM")


class ZiProgramme(FSMModelMixin, TenantScopedModel):
    """One unit's Zona Integritas programme, from its pencanangan on, over the years.

    The status follows REFERENCE.md §1.2; each change is also kept as a `ZiStatusChange` row so
    the history "over the years" can be read back. `predicate` is the predicate the unit holds
    now (WBBM needs WBK first), separate from the step it is at.
    """

    class Status(models.TextChoices):
        DECLARED = "dicanangkan", _("Declared (dicanangkan)")
        DEVELOPING = "dibangun", _("In development (dibangun)")
        TPI_ASSESSED = "dinilai_tpi", _("Assessed by the TPI")
        NOT_ELIGIBLE = "tidak_memenuhi", _("Not eligible this year")
        PROPOSED = "diusulkan_tpn", _("Proposed to the TPN")
        AWARDED_WBK = "predikat_wbk", _("Awarded Menuju WBK")
        AWARDED_WBBM = "predikat_wbbm", _("Awarded Menuju WBBM")
        GUIDANCE = "pembinaan", _("Guidance (pembinaan)")
        MONITORED = "dipantau", _("Monitored (dipantau)")
        REVOKED = "dicabut", _("Predicate revoked (dicabut)")

    S = Status
    unit = models.ForeignKey("tenancy.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("unit"))
    declared_on = models.DateField(_("declared on"))
    place = models.CharField(_("place"), max_length=200)
    # The heads who sign the commitment and the officials who witness it (Kapolresta, Kajari,
    # Ombudsman, Inspektur...): outsiders as often as employees, so names and titles as text.
    signers = models.JSONField(_("signers"), default=list, blank=True)
    witnesses = models.JSONField(_("witnesses"), default=list, blank=True)
    commitment_scan = models.FileField(_("scan of the signed commitment"),
                                       upload_to="zi/commitments/", blank=True)
    commitment_pdf = models.FileField(_("generated commitment PDF"),
                                      upload_to="zi/commitments/", blank=True)
    commitment_document_id = models.CharField(_("document number"), max_length=64, blank=True)
    commitment_sha256 = models.CharField(_("SHA-256 of the document"), max_length=64, blank=True)
    team_decree_number = models.CharField(_("SK Tim ZI number"), max_length=120, blank=True)
    team_decree_date = models.DateField(_("SK Tim ZI date"), null=True, blank=True)
    status = FSMField(_("status"), max_length=16, choices=Status.choices,
                      default=Status.DECLARED, protected=True)
    predicate = models.CharField(_("predicate held"), max_length=4, choices=Predicate.choices,
                                 blank=True)
    predicate_year = models.PositiveSmallIntegerField(_("predicate since"), null=True,
                                                      blank=True)
    created_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["unit__path"]
        verbose_name = _("ZI programme")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "unit"], name="zi_programme_one_per_unit"),
        ]
        indexes = [models.Index(fields=["tenant", "status"])]

    def __str__(self) -> str:
        return f"ZI {self.unit}"

    # Transitions are called only by integritas.zi.services.move_programme.
    @transition(field=status, source=[S.DECLARED, S.NOT_ELIGIBLE, S.GUIDANCE, S.MONITORED,
                                      S.REVOKED], target=S.DEVELOPING)
    def develop(self) -> None:
        pass

    @transition(field=status, source=S.DEVELOPING, target=S.TPI_ASSESSED)
    def assess_by_tpi(self) -> None:
        pass

    @transition(field=status, source=S.TPI_ASSESSED, target=S.NOT_ELIGIBLE)
    def find_not_eligible(self) -> None:
        pass

    @transition(field=status, source=S.TPI_ASSESSED, target=S.PROPOSED)
    def propose(self) -> None:
        pass

    @transition(field=status, source=S.PROPOSED, target=S.AWARDED_WBK)
    def award_wbk(self) -> None:
        self.predicate = Predicate.WBK

    @transition(field=status, source=S.PROPOSED, target=S.AWARDED_WBBM,
                conditions=[lambda programme: programme.predicate == Predicate.WBK])
    def award_wbbm(self) -> None:
        self.predicate = Predicate.WBBM

    @transition(field=status, source=S.PROPOSED, target=S.GUIDANCE)
    def give_guidance(self) -> None:
        pass

    @transition(field=status, source=[S.AWARDED_WBK, S.AWARDED_WBBM], target=S.MONITORED)
    def monitor(self) -> None:
        pass

    @transition(field=status, source=[S.AWARDED_WBK, S.AWARDED_WBBM, S.MONITORED],
                target=S.REVOKED)
    def revoke(self) -> None:
        self.predicate = ""
        self.predicate_year = None


class ZiStatusChange(TenantScopedModel):
    """One step of a programme's status, with the LKE year it belongs to."""

    programme = models.ForeignKey(ZiProgramme, on_delete=models.CASCADE,
                                  related_name="status_changes")
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("from"), max_length=16, choices=ZiProgramme.Status.choices,
                              blank=True)
    target = models.CharField(_("to"), max_length=16, choices=ZiProgramme.Status.choices)
    occurred_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")

    class Meta:
        ordering = ["occurred_on", "pk"]
        verbose_name = _("ZI status change")


class TeamRole(models.TextChoices):
    CHAIR = "ketua", _("Chair (ketua)")
    SECRETARY = "sekretaris", _("Secretary")
    AREA_COORDINATOR = "koordinator_area", _("Area coordinator")
    MEMBER = "anggota", _("Member")
    CHANGE_AGENT = "agen_perubahan", _("Change agent (agen perubahan)")


class ZiTeamMember(TenantScopedModel):
    """A member of the SK Tim ZI: an employee with a role, optionally for one area of change."""

    programme = models.ForeignKey(ZiProgramme, on_delete=models.CASCADE, related_name="team")
    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("employee"))
    role = models.CharField(_("role"), max_length=16, choices=TeamRole.choices)
    area = models.PositiveSmallIntegerField(_("area of change"), null=True, blank=True)
    position_title = models.CharField(_("position"), max_length=200)

    class Meta:
        ordering = ["role", "area", "pk"]
        verbose_name = _("ZI team member")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "programme", "employee", "role"],
                                    name="zi_team_member_once_per_role"),
        ]


class ZiActivity(TenantScopedModel):
    """One activity of the rencana kerja: an area of change, an owner, a due date, progress."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    programme = models.ForeignKey(ZiProgramme, on_delete=models.CASCADE,
                                  related_name="activities")
    year = models.PositiveSmallIntegerField(_("year"))
    area = models.PositiveSmallIntegerField(_("area of change"))
    title = models.CharField(_("activity"), max_length=300)
    owner = models.ForeignKey("people.Employee", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("owner"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.PLANNED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["year", "area", "due_on", "pk"]
        verbose_name = _("ZI work plan activity")
        indexes = [models.Index(fields=["tenant", "programme", "year"])]


class LkeAssessment(TenantScopedModel):
    """A unit's LKE for one year, on the framework in force then.

    The totals and every node's score for the three values (unit, TPI, TPN) are computed by the
    engine and stored here whenever an answer changes (`assessment.rescore`), so that lists and
    the ranking read them without scoring anything.
    """

    programme = models.ForeignKey(ZiProgramme, on_delete=models.PROTECT,
                                  related_name="assessments")
    unit = models.ForeignKey("tenancy.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("year"))
    framework = models.ForeignKey("lke.LkeFramework", on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("framework"))
    unit_total = models.DecimalField(_("unit value"), max_digits=6, decimal_places=2,
                                     default=0)
    tpi_total = models.DecimalField(_("TPI value"), max_digits=6, decimal_places=2, null=True,
                                    blank=True)
    tpn_total = models.DecimalField(_("TPN value"), max_digits=6, decimal_places=2, null=True,
                                    blank=True)
    # The value the Pemda ranks by: TPN if evaluated, else TPI if evaluated, else the unit's.
    ranking_total = models.DecimalField(_("score"), max_digits=6, decimal_places=2, default=0)
    ranking_source = models.CharField(_("score from"), max_length=4, default="unit")
    eligible_wbk = models.BooleanField(_("meets WBK conditions"), default=False)
    eligible_wbbm = models.BooleanField(_("meets WBBM conditions"), default=False)
    item_count = models.PositiveSmallIntegerField(_("items"), default=0)
    answered = models.PositiveSmallIntegerField(_("answered"), default=0)
    evaluated = models.PositiveSmallIntegerField(_("evaluated by the TPI"), default=0)
    returned = models.PositiveSmallIntegerField(_("sent back for correction"), default=0)
    # {"unit"|"tpi"|"tpn": ScoreResult.to_dict()} — every node's weight, score and percent.
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    scored_at = models.DateTimeField(_("scored at"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "unit__path"]
        verbose_name = _("LKE self-assessment")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "unit", "year"],
                                    name="zi_assessment_one_per_unit_year"),
        ]
        indexes = [models.Index(fields=["tenant", "year", "ranking_total"])]

    def __str__(self) -> str:
        return f"LKE {self.unit} {self.year}"


class LkeAnswer(TenantScopedModel):
    """One LKE row of one assessment: the unit's answer, the TPI's and the TPN's, with notes.

    Values are kept as entered ("Ya", "B", "87,5"); the engine converts them when it scores.
    """

    assessment = models.ForeignKey(LkeAssessment, on_delete=models.CASCADE,
                                   related_name="answers")
    item_code = models.CharField(_("item"), max_length=120)
    unit_value = models.CharField(_("unit value"), max_length=20, blank=True)
    unit_note = models.TextField(_("unit's note"), blank=True)
    answered_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    tpi_value = models.CharField(_("TPI value"), max_length=20, blank=True)
    tpi_note = models.TextField(_("TPI's note"), blank=True)
    evaluated_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    evaluated_at = models.DateTimeField(_("evaluated at"), null=True, blank=True)
    tpn_value = models.CharField(_("TPN value"), max_length=20, blank=True)
    tpn_note = models.TextField(_("TPN's note"), blank=True)
    # Sent back by the TPI: the coordinator sees `correction_note` until they answer again.
    needs_correction = models.BooleanField(_("sent back for correction"), default=False)
    correction_note = models.TextField(_("what to correct"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("LKE answer")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "assessment", "item_code"],
                                    name="zi_answer_one_per_item"),
        ]

    def __str__(self) -> str:
        return self.item_code


def _evidence_path(evidence: LkeEvidence, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    answer = evidence.answer
    return (f"zi/evidence/{answer.tenant_id}/{answer.assessment_id}/"
            f"{answer.item_code}-{evidence.title_key}-v{evidence.version}{suffix}")


class LkeEvidence(TenantScopedModel):
    """A piece of bukti dukung for one LKE row: a file or a link. Versioned by title: a new
    upload under the same title is the next version, and the old one is kept."""

    class Kind(models.TextChoices):
        FILE = "file", _("File")
        LINK = "link", _("Link")

    answer = models.ForeignKey(LkeAnswer, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    title_key = models.SlugField(max_length=60, editable=False)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    is_current = models.BooleanField(_("current version"), default=True)
    file = models.FileField(_("file"), upload_to=_evidence_path, blank=True)
    file_type = models.CharField(_("file type"), max_length=10, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["title_key", "-version"]
        verbose_name = _("evidence")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "answer", "title_key", "version"],
                                    name="zi_evidence_version"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class EvidencePolicy(TimestampedModel):
    """What a piece of evidence may be, from `libraries/zi/evidence.yaml`: reference data.

    `proposals` maps a live-data source (pacts, conflicts, gratification, cases, risk, surveys)
    to the LKE item code prefixes its figures are evidence for, per framework code.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    effective_from = models.DateField(_("effective from"))
    max_bytes = models.PositiveIntegerField(_("largest file"))
    file_types = models.JSONField(_("file types"), default=list)
    proposals = models.JSONField(_("live data proposals"), default=dict, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("evidence policy")

    def __str__(self) -> str:
        return self.code
