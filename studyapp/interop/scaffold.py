"""``studyapp bank new``: the YAML text of a new bank, with one commented example of each type.

:func:`scaffold_bank` writes a bank for the PMP exam (outline PMP2026) or the CAPM exam (outline
CAPM2023) with the ``yaml-language-server`` schema line (editors then complete and check fields),
a commented header, and one short example each of a single-answer, multiple-answer, matching,
numeric and ordering question, every field explained by a comment. A hotspot question needs an
image file next to the bank, so its example is included commented out. The text validates with
:func:`studyapp.banks.load_bank_file` with no problems; the task codes are real codes of the
outline. Nothing here writes files.
"""

from __future__ import annotations

import re

#: Where the schema is, relative to a bank file kept one folder below the resources folder (the
#: same reference as banks written by an import).
SCHEMA_REF = "../resources/bank.schema.json"

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")

#: Exam → (outline id, task codes by example, exam name as written in the header comment).
_EXAMS: dict[str, tuple[str, dict[str, str], str]] = {
    "PMP": (
        "PMP2026",
        {
            "single": "PMP26.BUS.5",  # Plan and manage risk
            "multiple": "PMP26.PRO.2",  # Develop and manage project scope
            "matching": "PMP26.PEO.2",  # Manage conflicts
            "numeric": "PMP26.PRO.6",  # Plan and manage finance
            "ordering": "PMP26.BUS.5",  # Plan and manage risk
            "hotspot": "PMP26.PRO.8",  # Plan and manage schedule
        },
        "PMP (Examination Content Outline in force from July 2026)",
    ),
    "CAPM": (
        "CAPM2023",
        {
            "single": "CAPM23.PBM.3",  # Document project controls of predictive projects
            "multiple": "CAPM23.AGL.4",  # Explain the components of an adaptive plan
            "matching": "CAPM23.PMF.5",  # Common problem-solving tools and techniques
            "numeric": "CAPM23.PBM.3",  # Document project controls of predictive projects
            "ordering": "CAPM23.PMF.1",  # Project life cycles and processes
            "hotspot": "CAPM23.PBM.2",  # Project management plan schedule
        },
        "CAPM (Examination Content Outline of 2023)",
    ),
}

_TEMPLATE = """\
# yaml-language-server: $schema=<<SCHEMA>>
#
# <<TITLE>>
#
# A StudyApp question bank for the <<EXAM_NAME>>.
# Check it with:  studyapp bank validate <this file>   and   studyapp bank lint <this file>
#
# Texts (stem, option text, rationale, explanation) are Markdown. Use ">-" for a paragraph that
# wraps over several lines and "|" to keep line breaks (lists, tables).
# Replace the example questions below with your own; keep every id unique across all your banks.

format_version: 1              # bank format version; this StudyApp reads version 1

bank:
  id: <<BANK_ID>>              # stable id of the bank: letters, digits, '.', '_', '-'
  title: <<TITLE>>
  exam: <<EXAM>>               # PMP or CAPM
  outline: <<OUTLINE>>         # the content outline the task codes below come from
  version: "1.0.0"             # raise it when you publish changes
  language: en                 # language of the texts (en, fr, de-CH...)
  authors: ["Your name"]
  licence: All rights reserved # or e.g. CC-BY-SA-4.0 to share it
  description: >-
    What this bank covers and for whom. Replace this text.

questions:

  # ---------------------------------------------------------------- single: one correct option
  - id: <<PREFIX>>-single-001  # unique question id
    type: single
    stem: >-
      During a daily stand-up, a team member mentions an uncertain event that could delay the
      delivery of a key component if it happens. Where should the project manager record it
      first?
    options:                   # 2 to 10 options; each has an id, its text and a rationale
      - id: a
        text: In the risk register
        rationale: >-
          Correct. An uncertain future event that could affect the project is a risk, and the
          risk register is where risks are recorded, analysed and given an owner.
      - id: b
        text: In the issue log
        rationale: >-
          The issue log holds problems that are already happening. This event has not happened
          yet, so it is a risk, not an issue.
      - id: c
        text: In the lessons learned register
        rationale: >-
          Lessons learned record knowledge gained for the future. They do not replace recording
          and managing a current risk.
      - id: d
        text: In the change log
        rationale: >-
          The change log tracks change requests. Nobody has asked for a change; the risk must
          first be recorded and analysed.
    answer: a                  # the id of the correct option
    explanation: >-
      A risk is an uncertain event or condition that, if it occurs, affects the project's
      objectives. New risks go to the risk register, where they are analysed and assigned an
      owner. An issue log is for events that have already happened.
    tasks: [<<TASK_single>>]   # outline task code(s) the question tests
    approach: any              # predictive, agile, hybrid or any
    difficulty: 1              # 1 (easy), 2 or 3 (hard)
    references:                # optional: sections by name, never copied text
      - PMBOK Guide 8th ed., Risk performance domain
    tags: [risk, risk-register] # optional: free keywords for searching

  # ---------------------------------------------------- multiple: several correct options
  - id: <<PREFIX>>-multiple-001
    type: multiple
    stem: >-
      Which of the following are Scrum artifacts? Choose two.
    choose: 2                  # how many to pick; the stem must say the same ("Choose two.")
    options:                   # 3 to 10 options, at least one of them wrong
      - id: a
        text: Product backlog
        rationale: >-
          Correct. The product backlog is the ordered list of everything that might be needed in
          the product; it is one of the three Scrum artifacts.
      - id: b
        text: Gantt chart
        rationale: >-
          A Gantt chart is a schedule presentation used mostly in predictive planning. Scrum does
          not define it.
      - id: c
        text: Sprint backlog
        rationale: >-
          Correct. The sprint backlog (the sprint goal, the selected items and the plan to
          deliver them) is a Scrum artifact.
      - id: d
        text: Risk breakdown structure
        rationale: >-
          A risk breakdown structure groups risk categories. It is a risk management tool, not a
          Scrum artifact.
    answer: [a, c]             # the ids of all correct options
    explanation: >-
      Scrum defines three artifacts: the product backlog, the sprint backlog and the increment.
      Gantt charts and risk breakdown structures are planning tools from other practices.
    tasks: [<<TASK_multiple>>]
    approach: agile
    difficulty: 1

  # ---------------------------------------------- matching: pair each prompt with an option
  - id: <<PREFIX>>-matching-001
    type: matching
    stem: >-
      Match each conflict resolution technique to its description. One description is not
      needed.
    prompts:                   # the left-hand items, 2 to 10
      - id: p1
        text: Collaborate / problem solve
      - id: p2
        text: Compromise / reconcile
      - id: p3
        text: Smooth / accommodate
    options:                   # the right-hand items; there may be more options than prompts
      - id: a
        text: Emphasizes areas of agreement rather than areas of difference
        rationale: >-
          This describes smoothing (p3): it keeps relationships calm but may leave the real
          disagreement unresolved.
      - id: b
        text: Incorporates several viewpoints to reach consensus and commitment
        rationale: >-
          This describes collaborating (p1): the parties work on the problem together, which
          usually gives the most lasting solution.
      - id: c
        text: Searches for a solution that brings some degree of satisfaction to all parties
        rationale: >-
          This describes compromising (p2): each party gives up something to settle the
          conflict.
      - id: d
        text: Pushes one viewpoint at the expense of the others
        rationale: >-
          This describes forcing (directing), which is not one of the prompts, so this
          description is not needed.
    answer:                    # prompt id: option id, one line for every prompt
      p1: b
      p2: c
      p3: a
    explanation: >-
      Collaborating seeks a solution everyone commits to; compromising settles for partial
      satisfaction on all sides; smoothing plays down the differences. Forcing imposes one view.
    tasks: [<<TASK_matching>>]
    approach: any
    difficulty: 2

  # ------------------------------------------------------- numeric: a number typed in
  - id: <<PREFIX>>-numeric-001
    type: numeric
    stem: >-
      A project has an earned value (EV) of 40,000 and an actual cost (AC) of 50,000. What is the
      cost performance index (CPI)? Give two decimals.
    answer:
      value: 0.8               # the right answer
      tolerance: 0.005         # answers within value ± tolerance are right (default 0)
      unit: ""                 # optional unit shown next to the input box, e.g. days
    explanation: >-
      CPI = EV / AC = 40,000 / 50,000 = 0.80. A CPI below 1 means the project gets less than one
      unit of value for each unit of money spent: it is over budget.
    tasks: [<<TASK_numeric>>]
    approach: predictive
    difficulty: 1

  # ------------------------------------------------ ordering: put all options in order
  - id: <<PREFIX>>-ordering-001
    type: ordering
    stem: >-
      Put these risk management activities in the order in which they are first performed.
    options:                   # 3 to 10 options, shown to the learner shuffled
      - id: a
        text: Plan risk responses
        rationale: >-
          Third: responses are planned for the risks that the analysis ranked as important.
      - id: b
        text: Identify risks
        rationale: >-
          First: a risk must be identified before it can be analysed.
      - id: c
        text: Implement risk responses
        rationale: >-
          Last: the agreed responses are carried out by the risk owners.
      - id: d
        text: Perform qualitative risk analysis
        rationale: >-
          Second: the identified risks are prioritized by probability and impact.
    answer: [b, d, a, c]       # every option id, in the right order
    explanation: >-
      Risks are identified, then analysed and prioritized, then responses are planned for the
      important ones, and finally those responses are implemented (and monitored).
    tasks: [<<TASK_ordering>>]
    approach: predictive
    difficulty: 1

  # ---------------------------------------------------- hotspot: click a region of an image
  # A hotspot question needs an image file next to the bank (SVG, PNG or JPEG), so this example
  # is commented out. To use it, put the image in an images/ folder beside this file, remove the
  # leading "# " of each line below, and adjust image_size and the regions (in image pixels,
  # from the top-left corner) to your image.
  #
  # - id: <<PREFIX>>-hotspot-001
  #   type: hotspot
  #   stem: >-
  #     The network diagram shows the project's activities. Click the activity on the critical
  #     path that has the longest duration.
  #   image: images/network.svg   # path relative to this file
  #   image_size: [600, 300]      # width and height of the image in pixels
  #   options:                    # each option is a region: rect, circle or polygon
  #     - id: a
  #       text: Activity C
  #       rationale: Correct. C lies on the critical path and takes longest.
  #       region: {shape: rect, x: 250, y: 100, width: 100, height: 60}
  #     - id: b
  #       text: Activity B
  #       rationale: B has float, so it is not on the critical path.
  #       region: {shape: circle, cx: 120, cy: 220, r: 40}
  #   answer: a                   # the id of the right region
  #   explanation: >-
  #     The critical path is the longest path through the network; C is on it.
  #   tasks: [<<TASK_hotspot>>]
  #   approach: predictive
  #   difficulty: 2
"""


def scaffold_bank(bank_id: str, exam: str, *, schema: str = SCHEMA_REF) -> str:
    """The YAML text of a new bank for ``exam`` ("PMP" or "CAPM"); raises ValueError otherwise."""
    key = exam.strip().upper()
    if key not in _EXAMS:
        raise ValueError(
            f"unknown exam {exam!r}: a new bank can be for {' or '.join(sorted(_EXAMS))}"
        )
    if not _ID.match(bank_id):
        raise ValueError(
            f"bank id {bank_id!r} is not valid: use 1 to 80 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    outline, tasks, exam_name = _EXAMS[key]
    text = _TEMPLATE
    for qtype, code in tasks.items():
        text = text.replace(f"<<TASK_{qtype}>>", code)
    replacements = {
        "<<SCHEMA>>": schema,
        "<<TITLE>>": f"{key} question bank {bank_id}",
        "<<EXAM_NAME>>": exam_name,
        "<<BANK_ID>>": bank_id,
        "<<EXAM>>": key,
        "<<OUTLINE>>": outline,
        "<<PREFIX>>": bank_id[:64].rstrip("._-") or bank_id[:1],
    }
    for token, value in replacements.items():
        text = text.replace(token, value)
    return text
