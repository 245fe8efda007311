"""Evidence sentences: the sentence the roles read (one splitter), so the cue that decided a role is kept."""

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import Extractor
from extractors.rules.sentences import sentence_bounds
from graphapp.evidence import Sentences, sentence_at
from graphapp.model import MAX_EVIDENCE_CHARS

PIECES = st.sampled_from(
    ["a", "b", " ", ".", "!", "?", '"', ")", "\n", "(", "A", "1", ". ", "? A", '." B', "!\n\n(", "e.g. B"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=40).map("".join), st.data())
def test_evidence_is_the_sentence_the_splitter_gives(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    bounds = sentence_bounds(text)
    first = next(s for s, e in bounds if s <= start < e)
    last = next(e for s, e in bounds if s <= end - 1 < e)
    assert Sentences(text).around(start, end) == " ".join(text[first:last].split())
    assert Sentences(text).bounds(start, end) == (first, last)  # what the store keeps of it


def test_the_cue_that_decided_the_role_stays_in_the_evidence():
    abstract = "We compare against strong baselines, e.g. BERT and RoBERTa. Our FooNet wins on GLUE."
    bert = next(m for m in Extractor.default().extract(abstract) if m.name == "BERT")
    assert bert.role == "mentioned"
    assert sentence_at(abstract, bert.start, bert.end) == "We compare against strong baselines, e.g. BERT and RoBERTa."


def test_long_sentences_are_cut_around_the_mention():
    text = "We use " + "very " * 200 + "CIFAR-10 here. Next."
    start = text.index("CIFAR")
    found = sentence_at(text, start, start + 8)
    assert found.startswith("…") and found.endswith("…") and "CIFAR-10" in found and len(found) < 320
    assert len(found) <= MAX_EVIDENCE_CHARS


def test_quote_reuses_a_whole_sentence_and_cuts_a_long_one_per_mention():
    long_sentence = "We use CIFAR-10 " + "and more data " * 60 + "and MNIST."
    text = f"Short one with BERT and GPT-2. {long_sentence}"
    sentences = Sentences(text)
    bert, gpt = text.index("BERT"), text.index("GPT-2")
    assert sentences.around(bert, bert + 4) == sentences.around(gpt, gpt + 5) == "Short one with BERT and GPT-2."
    cifar, mnist = text.index("CIFAR-10"), text.index("MNIST")
    first, last = sentences.bounds(cifar, cifar + 8)
    assert last - first > MAX_EVIDENCE_CHARS
    near_cifar, near_mnist = sentences.around(cifar, cifar + 8), sentences.around(mnist, mnist + 5)
    assert "CIFAR-10" in near_cifar and "MNIST" not in near_cifar
    assert "MNIST" in near_mnist and "CIFAR-10" not in near_mnist
