import gc

import pytest

from extractors.bulk import collector_paused


def test_collector_resumes_after_an_error_and_stays_off_if_it_was():
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # a caller that paused it keeps it paused
    finally:
        gc.enable()


def test_as_a_decorator_it_pauses_each_call():
    @collector_paused()
    def state() -> bool:
        return gc.isenabled()

    assert state() is False
    assert state() is False
    assert gc.isenabled()
