"""Everything a wizard step needs to show one screening session, read in one background call."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from screening_tools.domain import Note, SafeguardingTask, Screening
from screening_tools.errors import NotFound
from screening_tools.flow import ScreeningFlow
from screening_tools.service import ScreeningService

if TYPE_CHECKING:
    # Only for annotations: the pydantic content models load on first use, not at start-up.
    from screening_tools.content import Instrument

SAFETY_CHECK = "safety-check"
SCRIPT = "confidentiality-script"
INTERPRETER_CHECKS = "interpreter-step"
IMMEDIATE_NEEDS = "immediate-needs"
SECURITY_CONCERNS = "security-concerns"
EXPLOITATION_TYPES = "exploitation-types"
SERVICES_NEEDED = "services-needed"
SESSION_TOOLS = (
    SAFETY_CHECK,
    SCRIPT,
    INTERPRETER_CHECKS,
    IMMEDIATE_NEEDS,
    SECURITY_CONCERNS,
    EXPLOITATION_TYPES,
    SERVICES_NEEDED,
)


@dataclass(frozen=True)
class SessionContext:
    reference: str
    screening: Screening
    instrument: Instrument
    flow: ScreeningFlow
    responses: dict[tuple[str, str], str] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    open_tasks: list[SafeguardingTask] = field(default_factory=list)
    tools: dict[str, Instrument] = field(default_factory=dict)

    @property
    def screening_id(self) -> int:
        return self.screening.id

    def tool(self, instrument_id: str) -> Instrument:
        return self.tools[instrument_id]

    def response(self, instrument_id: str, item_id: str) -> str | None:
        return self.responses.get((instrument_id, item_id))

    def open_prompts(self) -> list[str]:
        """The case's "must be passed on" prompts not yet marked as passed on, oldest first."""
        prompts: list[str] = []
        for task in self.open_tasks:
            if task.prompt and task.prompt not in prompts:
                prompts.append(task.prompt)
        return prompts


def read_session(service: ScreeningService, reference: str, screening_id: int) -> SessionContext:
    """Runs on the worker thread. A paused session is resumed at the step where it stopped."""
    flow = service.session_flow(screening_id)
    if flow.state.paused:
        flow = service.resume_session(screening_id)
    detail = service.open_case(reference)
    screening = next((s for s in detail.screenings if s.id == screening_id), None)
    if screening is None:
        raise NotFound("screening", str(screening_id))
    return SessionContext(
        reference=reference,
        screening=screening,
        instrument=service.instrument(screening.instrument_id),
        flow=flow,
        responses=service.session_responses(screening_id),
        notes=[n for n in detail.notes if n.screening_id == screening_id],
        open_tasks=[t for t in detail.safeguarding_tasks if t.done_at is None],
        tools={tool: service.instrument(tool) for tool in SESSION_TOOLS},
    )
