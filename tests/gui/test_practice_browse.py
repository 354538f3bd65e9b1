# mypy: disable-error-code="no-untyped-call"
"""The practice, mistakes and browse screens driven through their widgets, offscreen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPoint, Qt, SignalInstance
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from studyapp.clock import ManualClock
from studyapp.engine import QuestionView, SessionPick, StudyEngine
from studyapp.gui.views.browse import BrowseView, QuestionFilterProxy, QuestionTableModel
from studyapp.gui.views.mistakes import MistakesModel, MistakesView
from studyapp.gui.views.practice import PracticeView
from studyapp.gui.widgets.check_list import CheckList
from studyapp.gui.widgets.question_view import plain
from studyapp.practice import PracticeFilter, matching_questions, mistakes, one_per_family


def _answer_single(engine: StudyEngine, clock: ManualClock, q: QuestionView, right: bool) -> None:
    clock.advance(60)
    correct = q.correct_response()
    engine.record_answer(
        q.id, correct if right else next(o.id for o in q.options if o.id != correct), 15
    )


def _singles(engine: StudyEngine) -> list[QuestionView]:
    return [q for q in one_per_family(engine.questions()) if q.type == "single"]


def _click_row(qtbot: QtBot, lst: CheckList, value: object) -> None:
    """Click a row's text (not its box), as a learner would."""
    item = next(i for i in lst.rows() if i.data(Qt.ItemDataRole.UserRole) == value)
    lst.scrollToItem(item)
    pos = lst.visualItemRect(item).center()
    pos.setX(pos.x() + 40)  # right of the check box
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def _emitted(
    qtbot: QtBot, signal: SignalInstance, action: Callable[[], object]
) -> list[SessionPick]:
    with qtbot.waitSignal(signal, timeout=2000) as blocker:
        action()
    assert blocker.args is not None
    picks = blocker.args[0]
    assert all(isinstance(p, SessionPick) for p in picks)
    return list(picks)


def _ids(picks: list[SessionPick]) -> list[str]:
    return [p.question.id for p in picks]


# ---------------------------------------------------------------------------- practice


def test_a_click_on_the_box_or_the_words_ticks_once(qtbot: QtBot) -> None:
    lst = CheckList("Letters", [("Alpha", "a", ""), ("Beta", "b", "")])
    qtbot.addWidget(lst)
    lst.show()
    rect = lst.visualItemRect(lst.item(0))
    for x in (rect.left() + 10, rect.left() + 60):  # on the box, then on the words
        before = lst.values()
        qtbot.mouseClick(
            lst.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, rect.center().y())
        )
        assert lst.values() == ({"a"} if not before else set()), x
    lst.setFocus()
    lst.setCurrentRow(1)
    qtbot.keyClick(lst, Qt.Key.Key_Space)
    assert lst.values() == {"b"}


def test_practice_filters_count_live_and_start_emits_the_picks(
    qtbot: QtBot, engine: StudyEngine
) -> None:
    view = PracticeView(engine)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    total = len(one_per_family(engine.questions()))  # a formula family counts once
    assert view.match_label.text() == f"{total} questions match"

    # Keyboard: focus the domain list, move to People, tick it with Space.
    view.domains.setFocus()
    view.domains.setCurrentRow(0)
    qtbot.keyClick(view.domains, Qt.Key.Key_Space)
    assert view.domains.values() == {"PEO"}
    # Mouse: click the words "Single answer" (not the little box).
    _click_row(qtbot, view.types, "single")
    assert view.types.values() == {"single"}
    # Only the People tasks are listed once People is ticked.
    shown = [
        i.data(Qt.ItemDataRole.UserRole)
        for n, i in enumerate(view.tasks.rows())
        if not view.tasks.isRowHidden(n)
    ]
    assert shown and all(".PEO." in code for code in shown)

    expected = {
        q.family or q.id
        for q in matching_questions(engine, PracticeFilter(domains={"PEO"}, types={"single"}))
    }
    assert 1 < len(expected) < total
    assert view.match_label.text() == f"{len(expected)} questions match"

    view.count.setFocus()
    view.count.selectAll()
    qtbot.keyClicks(view.count, "2")
    assert view.count.value() == 2
    picks = _emitted(
        qtbot,
        view.startPicks,
        lambda: qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton),
    )
    assert len(picks) == 2 and {p.question.family or p.question.id for p in picks} <= expected
    assert picks[0].reason == "practice: People; single"

    view.count.setValue(len(expected))  # a session as large as the match takes every question
    assert view.count.value() == len(expected)
    picks = _emitted(qtbot, view.startPicks, view.start_button.click)
    assert {p.question.family or p.question.id for p in picks} == expected

    # A filter nothing matches disables Start (nothing is flagged); Clear brings all back.
    view.only_flagged.click()
    assert view.match_label.text() == "No questions match"
    assert not view.start_button.isEnabled()
    qtbot.mouseClick(view.clear_button, Qt.MouseButton.LeftButton)
    assert view.match_label.text() == f"{total} questions match"
    assert view.start_button.isEnabled()


def test_practice_only_wrong_and_only_flagged(
    qtbot: QtBot, engine: StudyEngine, clock: ManualClock
) -> None:
    a, b, c = _singles(engine)[:3]
    _answer_single(engine, clock, a, right=False)
    _answer_single(engine, clock, b, right=True)
    engine.set_flagged(c.id, True)
    engine.set_flagged(a.id, True)
    view = PracticeView(engine)
    qtbot.addWidget(view)
    view.show()
    assert "(1)" in view.only_wrong.text() and "(2)" in view.only_flagged.text()

    view.only_wrong.click()
    assert view.match_label.text() == "1 question matches"
    assert _ids(_emitted(qtbot, view.startPicks, view.start_button.click)) == [a.id]

    view.only_wrong.click()
    view.only_flagged.click()
    assert view.match_label.text() == "2 questions match"
    assert set(_ids(_emitted(qtbot, view.startPicks, view.start_button.click))) == {a.id, c.id}

    # Answering it right elsewhere: after refresh() it no longer counts as wrong.
    _answer_single(engine, clock, a, right=True)
    view.only_wrong.click()
    view.refresh()
    assert view.match_label.text() == "No questions match"
    assert not view.start_button.isEnabled()


def test_every_practice_control_has_an_accessible_name(qtbot: QtBot, engine: StudyEngine) -> None:
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QAbstractSpinBox

    view = PracticeView(engine)
    qtbot.addWidget(view)
    controls = [
        *view.findChildren(QAbstractButton),
        *view.findChildren(QAbstractItemView),
        *view.findChildren(QAbstractSpinBox),
    ]
    assert len(controls) >= 10
    assert all(w.accessibleName() for w in controls), [
        type(w).__name__ for w in controls if not w.accessibleName()
    ]


# ---------------------------------------------------------------------------- mistakes


def test_mistakes_lists_a_wrong_answer_and_retry_emits_it(
    qtbot: QtBot, engine: StudyEngine, clock: ManualClock
) -> None:
    view = MistakesView(engine)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    assert view.stack.currentIndex() == 1  # the empty state
    assert not view.retry_all_button.isEnabled()
    assert not view.retry_selected_button.isEnabled()

    a, b, c = _singles(engine)[:3]
    _answer_single(engine, clock, a, right=False)
    _answer_single(engine, clock, b, right=False)
    _answer_single(engine, clock, a, right=False)  # a: wrong twice, the newest
    _answer_single(engine, clock, c, right=True)
    view.refresh()
    assert view.stack.currentIndex() == 0
    assert view.proxy.rowCount() == 2
    first = [view.proxy.index(0, col).data() for col in range(4)]
    assert first[0].startswith(plain(a.stem)[:30])
    assert first[1].startswith(a.task)
    assert first[2] == "2"
    assert first[3]  # the date
    assert view.proxy.index(1, 2).data() == "1"

    assert _ids(_emitted(qtbot, view.startPicks, view.retry_all_button.click)) == [a.id, b.id]

    assert not view.retry_selected_button.isEnabled()
    view.table.setFocus()
    view.table.selectRow(1)
    assert view.retry_selected_button.isEnabled()
    picks = _emitted(
        qtbot,
        view.startPicks,
        lambda: qtbot.mouseClick(view.retry_selected_button, Qt.MouseButton.LeftButton),
    )
    assert _ids(picks) == [b.id]
    assert picks[0].reason == "retry: answered wrong once"
    # Enter on the table retries the selection too.
    picks = _emitted(qtbot, view.startPicks, lambda: qtbot.keyClick(view.table, Qt.Key.Key_Return))
    assert _ids(picks) == [b.id]

    # Answered right since: gone after refresh().
    _answer_single(engine, clock, b, right=True)
    view.refresh()
    assert view.proxy.rowCount() == 1


def test_mistakes_table_sorts_by_times_wrong(
    qtbot: QtBot, engine: StudyEngine, clock: ManualClock
) -> None:
    a, b = _singles(engine)[:2]
    _answer_single(engine, clock, a, right=False)
    _answer_single(engine, clock, a, right=False)
    _answer_single(engine, clock, b, right=False)
    view = MistakesView(engine)
    qtbot.addWidget(view)
    view.show()
    assert [view.proxy.index(r, 2).data() for r in range(2)] == ["1", "2"]  # newest first
    view.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    assert [view.proxy.index(r, 2).data() for r in range(2)] == ["2", "1"]


# ---------------------------------------------------------------------------- browse


def _visible_ids(view: BrowseView) -> set[str]:
    return {view.proxy.index(r, 0).data() for r in range(view.proxy.rowCount())}


def test_browse_search_narrows_and_selecting_shows_the_preview(
    qtbot: QtBot, engine: StudyEngine
) -> None:
    view = BrowseView(engine)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    every = {q.id for q in one_per_family(engine.questions())}  # a formula family shows once
    assert _visible_ids(view) == every
    assert view.count_label.text() == f"{len(every)} questions"
    assert not view.preview.question.isVisible()

    qtbot.keyClicks(view.search, "RISK")
    expected = {
        q.id
        for q in one_per_family(engine.questions())
        if "risk"
        in " ".join(
            (q.id, q.type, q.domain, q.domain_name, *q.tasks, q.task_name, q.approach, q.stem)
        ).lower()
    }
    assert expected and expected != every
    assert _visible_ids(view) == expected
    assert view.count_label.text() == f"{len(expected)} of {len(every)} questions"

    view.search.clear()
    view.type_combo.setCurrentIndex(view.type_combo.findData("single"))
    assert _visible_ids(view) == {q.id for q in _singles(engine)}
    view.domain_combo.setCurrentIndex(view.domain_combo.findData("PEO"))
    assert _visible_ids(view) == {q.id for q in _singles(engine) if q.domain == "PEO"}

    # Select the first row with the keyboard: the preview shows it, answer marked, read-only.
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    if not view.table.selectionModel().hasSelection():
        view.table.selectRow(0)
    shown = view.preview.current
    assert shown is not None and shown.id == view.proxy.index(0, 0).data()
    assert view.preview.question.isVisible()
    assert view.preview.question.locked
    right = shown.correct_response()
    for opt, row in zip(shown.options, view.preview.question.rows, strict=True):
        assert ("correct answer" in row.label.text()) is (opt.id == right)
        assert not row.button.isEnabled()
    text = view.preview.answer.toPlainText()
    assert "(correct)" in text and "Explanation." in text

    # Every question type previews without trouble.
    view.type_combo.setCurrentIndex(0)
    view.domain_combo.setCurrentIndex(0)
    for r in range(view.proxy.rowCount()):
        view.table.selectRow(r)
        assert view.preview.current is not None
        assert view.preview.current.id == view.proxy.index(r, 0).data()
        assert view.preview.question.response() is not None

    # A search that matches nothing leaves an empty table and no preview.
    view.search.setText("no such words anywhere")
    assert view.proxy.rowCount() == 0
    assert view.preview.current is None


def test_browse_sorts_by_difficulty(qtbot: QtBot, engine: StudyEngine) -> None:
    view = BrowseView(engine)
    qtbot.addWidget(view)
    view.show()
    header = view.table.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(4) + 10, header.height() // 2),
    )
    values = [int(view.proxy.index(r, 4).data()) for r in range(view.proxy.rowCount())]
    assert values in (sorted(values), sorted(values, reverse=True))
    assert len(set(values)) > 1


# ---------------------------------------------------------------------------- models


def test_every_item_model_passes_the_model_tester(
    qtmodeltester: ModelTester, qtbot: QtBot, engine: StudyEngine, clock: ManualClock
) -> None:
    a, b = _singles(engine)[:2]
    _answer_single(engine, clock, a, right=False)

    # The screens' own models, checked while the screens change them.
    mistakes_view = MistakesView(engine)
    browse = BrowseView(engine)
    practice = PracticeView(engine)
    for w in (mistakes_view, browse, practice):
        qtbot.addWidget(w)
    for lst in practice.findChildren(CheckList):
        qtmodeltester.check(lst.model())
        lst.set_values([lst.item(0).data(Qt.ItemDataRole.UserRole)])
        lst.set_values([])
    qtmodeltester.check(mistakes_view.proxy)
    _answer_single(engine, clock, b, right=False)
    mistakes_view.refresh()
    mistakes_view.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(browse.proxy)
    browse.search.setText("project")
    browse.type_combo.setCurrentIndex(browse.type_combo.findData("single"))
    browse.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    browse.search.clear()
    browse.refresh()

    # Standalone models, full and empty. (Checked last: Qt's tester must not be watching a
    # screen's model while the screen is torn down at the end of the test.)
    source = QuestionTableModel(engine.questions())
    proxy = QuestionFilterProxy()
    proxy.setSourceModel(source)
    proxy.set_search("project")
    proxy.set_type("single")
    proxy.sort(2)
    qtmodeltester.check(proxy)
    no_questions = QuestionTableModel([])
    qtmodeltester.check(no_questions)
    none_wrong = MistakesModel([])
    qtmodeltester.check(none_wrong)
    wrong = MistakesModel(mistakes(engine))
    qtmodeltester.check(wrong)
    wrong.set_mistakes(mistakes(engine)[:1])
    questions = QuestionTableModel(engine.questions())
    qtmodeltester.check(questions)
    questions.set_questions(engine.questions()[:3])
    assert questions.index(0, 0, QModelIndex()).isValid()
