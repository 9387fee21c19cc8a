"""Counting outcomes of one field: correct, wrong, invented (gold says null), missed."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Tally:
    gold: int = 0  # gold values that are not null
    correct: int = 0
    wrong: int = 0
    invented: int = 0
    missed: int = 0

    @property
    def precision(self) -> float | None:
        n = self.correct + self.wrong + self.invented
        return self.correct / n if n else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.gold if self.gold else None

    def add(self, gold: object, predicted: object, matches: bool) -> str | None:
        """Count one comparison; return its outcome unless it is a match or both are null."""
        if gold is None:
            if predicted is not None:
                self.invented += 1
                return "invented"
            return None
        self.gold += 1
        if predicted is None:
            self.missed += 1
            return "missed"
        if matches:
            self.correct += 1
            return None
        self.wrong += 1
        return "wrong"

    def as_dict(self) -> dict:
        return {"gold": self.gold, "correct": self.correct, "wrong": self.wrong,
                "invented": self.invented, "missed": self.missed,
                "precision": self.precision, "recall": self.recall}
