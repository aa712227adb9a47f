"""A project's records as use cases: its procedures, its monthly funds, its problems."""

from __future__ import annotations

from store.commands import funds as fund_commands
from store.commands import problems as problem_commands
from store.commands import procedures as procedure_commands
from store.facade.core import StoreCore, acts


class RecordUseCases(StoreCore):
    """Procedures (前期手续), monthly funds (月度调度) and problems (问题清单) written."""

    set_procedure = acts(procedure_commands.set_procedure)
    add_procedure = acts(procedure_commands.add_procedure)
    drop_procedure = acts(procedure_commands.drop_procedure)
    rename_procedure = acts(procedure_commands.rename_procedure)
    add_funds = acts(fund_commands.add_funds)
    set_month = acts(fund_commands.set_month)
    delete_month = acts(fund_commands.delete_month)
    raise_problem = acts(problem_commands.raise_problem)
    set_problem_status = acts(problem_commands.set_problem_status)
    update_problem = acts(problem_commands.update_problem)
    remove_problem = acts(problem_commands.remove_problem)
