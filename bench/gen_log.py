#!/usr/bin/env python3
"""Writes a deterministic mixed training log and 40 metric definitions for it.

Usage: python3 bench/gen_log.py [--lines N] [--seed S] OUT.log

Writes OUT.log (N lines, default 200,000) and OUT.defs.json (a JSON list of
40 {"Name", "Regex"} objects) beside it. The log mixes the formats of the
corpus (tests/corpus/*.toml): XGBoost lines with real TABs, Keras 2 epoch
lines (some with CR progress bars, some with losses in scientific notation),
Keras 3 lines with ANSI colour codes, Hugging Face Trainer dicts, the PyTorch
MNIST example, linear-learner #quality_metric lines, the AWS docs GAN line,
JumpStart tensor(...) lines, plus about 40% noise: timestamped INFO lines,
stack traces, warnings, tqdm bars, non-ASCII text and blank lines. The same
arguments always give the same bytes.
"""

import argparse
import json
import math
import os
import random

# 40 definitions: most with a literal, some `.*`-prefixed as AWS writes
# them, a few with no useful literal at all.
NUMBER = r"([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)"
HF = r"([0-9]+(.|e\-)[0-9]+),?"
DEFINITIONS = [
    ("xgb:train-error", r".*\[[0-9]+\].*#011train-error:" + NUMBER + ".*"),
    ("xgb:validation-error", r".*\[[0-9]+\].*#011validation-error:" + NUMBER + ".*"),
    ("xgb:train-error-docs", r".*\[[0-9]+\]#011train-error:(\S+).*"),
    ("xgb:train-rmse", r"#011train-rmse:" + NUMBER),
    ("xgb:validation-rmse", r"#011validation-rmse:(\S+)"),
    ("keras:loss", r"loss: ([0-9\.]+)"),
    ("keras:accuracy", r" - accuracy: ([0-9\.]+)"),
    ("keras:val_loss", r"val_loss: ([0-9\.]+(?:e[-+][0-9]+)?)"),
    ("keras:val_accuracy", r"val_accuracy: ([0-9\.]+)"),
    ("keras:ms-per-step", r"([0-9]+)ms/step"),
    ("keras:epoch", r"^Epoch ([0-9]+)/[0-9]+$"),
    ("hf:loss", "'loss': " + HF),
    ("hf:learning_rate", "'learning_rate': " + HF),
    ("hf:eval_loss", r"'eval_loss': ([0-9]+\.[0-9]+)"),
    ("hf:eval_accuracy", r"'eval_accuracy': ([0-9]+\.[0-9]+)"),
    ("hf:epoch", "'epoch': " + HF),
    ("hf:train_runtime", r"'train_runtime': ([0-9.]+)"),
    ("hf:grad_norm", r"'grad_norm': ([^,}]+)"),
    ("hf:it-per-s", r"([0-9.]+)it/s\]"),
    ("pt:train-loss", r"Train Epoch: [0-9]+ \[[0-9]+/[0-9]+ \([0-9]+%\)\]#011Loss: ([0-9.]+)"),
    ("pt:test-loss", r"Test set: Average loss: ([0-9\.]+)"),
    ("pt:test-accuracy", r"Accuracy: [0-9]+/[0-9]+ \(([0-9]+)%\)"),
    ("pt:percent", r"\(([0-9]+)%\)"),
    ("ll:train-loss", r"#quality_metric: host=\S+, epoch=\S+, batch=\S+ train "
                      r"binary_classification_cross_entropy_objective <loss>=(\S+)"),
    ("ll:validation-loss", r"#quality_metric: host=\S+, epoch=\S+, validation "
                           r"binary_classification_cross_entropy_objective <loss>=(\S+)"),
    ("ll:validation-score", r"#validation_score \(algo-1\) : "
                            r"\('binary_classification_cross_entropy_objective', ([0-9.e+-]+)\)"),
    ("ll:test-accuracy", r"#quality_metric: host=\S+, test binary_classification_accuracy <score>=(\S+)"),
    ("ll:epoch", r".*epoch=([0-9]+),.*"),
    ("gan:loss", r"Loss = (.*?);"),
    ("gan:ganloss", r"GAN_loss=(.*?);"),
    ("gan:discloss", r"disc_train_loss=(.*?);"),
    ("gan:disc-combined", r"disc-combined=(.*?);"),
    ("gan:iteration", r".*Iteration ([0-9]+) took.*"),
    ("js:eval-loss", r"eval_epoch_loss=tensor\(([0-9\.]+)"),
    ("js:eval-ppl", r"eval_ppl=tensor\(([0-9\.]+)"),
    ("js:train-loss", r"train_epoch_loss=([0-9\.]+)"),
    ("js:train-ppl", r"train_perplexity=([0-9\.]+)"),
    ("bare-number", r"^([0-9.]+)$"),
    ("line-end-number", r"([0-9]+\.[0-9]+)$"),
    ("final-test-accuracy", r"(?i)test accuracy[:=]\s*([0-9.]+)"),
]
assert len(DEFINITIONS) == 40


class Job:
    """Emits the lines of one interleaved "job" of every format."""

    def __init__(self, rng):
        self.r = rng
        self.t = 0.0  # seconds since 2026-11-23 10:00:00
        self.step = 0
        self.epoch = 0
        self.loss = 2.3

    # -- helpers -------------------------------------------------------
    def tick(self):
        self.t += self.r.expovariate(20.0)
        self.step += 1
        # a random walk in log space between 1e-4 and 3
        self.loss = min(3.0, max(1e-4, self.loss * math.exp(self.r.gauss(0, 0.05))))
        return self.t

    def stamp(self, style=0):
        t = self.t
        h, rem = divmod(int(t), 3600)
        m, s = divmod(rem, 60)
        ms = int((t - int(t)) * 1000)
        day = 23 + h // 24
        h = 10 + h % 24
        if h >= 24:
            h -= 24
        if style == 0:
            return "%02d:%02d:%02d.%03d" % (h, m, s, ms)
        if style == 1:
            return "2026-11-%02d %02d:%02d:%02d,%03d" % (day, h, m, s, ms)
        return "%02d/11/2026 %02d:%02d:%02d" % (day, h, m, s)

    def u(self, lo, hi, digits=4):
        return "%.*f" % (digits, self.r.uniform(lo, hi))

    def small(self):
        """A loss as Keras prints it: %.4f, or %.4e below 1e-3."""
        v = self.loss * self.r.uniform(0.8, 1.2)
        return "%.4e" % v if v < 1e-3 else "%.4f" % v

    # -- formats -------------------------------------------------------
    def xgboost(self):
        i = self.step % 1000
        if self.r.random() < 0.5:
            return ["[%d]\ttrain-error:%s\tvalidation-error:%s" % (i, self.u(0, 0.3, 5), self.u(0, 0.3, 5))]
        return ["[%d]\ttrain-rmse:%s\tvalidation-rmse:%s" % (i, self.u(1, 9, 5), self.u(1, 9, 5))]

    def keras2(self):
        self.epoch += 1
        out = ["Epoch %d/50" % (self.epoch % 50 + 1)]
        tail = "1875/1875 [==============================] - %ds %dms/step - loss: %s - accuracy: %s - val_loss: %s - val_accuracy: %s" % (
            self.r.randint(2, 9), self.r.randint(1, 90), self.small(), self.u(0.8, 1),
            self.small(), self.u(0.8, 1))
        if self.r.random() < 0.25:
            # verbose=1: CR progress updates, one physical line
            parts = []
            for k in range(1, self.r.randint(2, 6)):
                parts.append("\r%4d/1875 [%s>%s] - ETA: %ds - loss: %s - accuracy: %s" % (
                    k * 320, "=" * (k * 5), "." * (29 - k * 5), 40 - k * 6,
                    self.small(), self.u(0.5, 1)))
            tail = "".join(parts) + "\r" + tail
        out.append(tail)
        return out

    def keras3(self):
        return ["\x1b[1m1875/1875\x1b[0m \x1b[32m" + "\u2501" * 20 + "\x1b[0m\x1b[37m\x1b[0m \x1b[1m%ds\x1b[0m %dms/step"
                " - accuracy: %s - loss: %s - val_accuracy: %s - val_loss: %s" % (
                    self.r.randint(2, 9), self.r.randint(1, 9), self.u(0.8, 1), self.small(),
                    self.u(0.8, 1), self.small())]

    def huggingface(self):
        x = self.r.random()
        epoch = round((self.step % 1500) / 500.0, 2)
        if x < 0.6:
            lr = repr(self.r.choice([5e-05, 4.5e-05, 4e-05, 3.2e-05, 2e-05, 1e-05, 5e-06]))
            gn = "nan" if self.r.random() < 0.02 else self.u(0.1, 9)
            return ["{'loss': %s, 'grad_norm': %s, 'learning_rate': %s, 'epoch': %s}" % (
                "%.4f" % self.loss, gn, lr, epoch)]
        if x < 0.85:
            return ["{'eval_loss': %s, 'eval_accuracy': %s, 'eval_runtime': %s, "
                    "'eval_samples_per_second': %s, 'eval_steps_per_second': %s, 'epoch': %s}" % (
                        self.u(0.1, 0.9), self.u(0.8, 1), self.u(5, 30), self.u(50, 300, 3),
                        self.u(5, 40, 3), epoch)]
        if x < 0.95:
            n = self.r.randint(1, 1000)
            bar = "\u2588" * (n // 100) + " " * (10 - n // 100)
            return ["%3d%%|%s| %d/1000 [00:%02d<01:%02d, %sit/s]" % (
                n // 10, bar, n, n % 60, (1000 - n) % 60, self.u(1, 12, 2))]
        return ["{'train_runtime': %s, 'train_samples_per_second': %s, 'train_steps_per_second': %s, "
                "'train_loss': %s, 'epoch': %s}" % (self.u(100, 4000, 4), self.u(10, 90, 3),
                                                   self.u(1, 9, 3), self.u(0.1, 0.9), epoch)]

    def pytorch(self):
        if self.r.random() < 0.85:
            b = self.r.randint(0, 937)
            return ["Train Epoch: %d [%d/60000 (%d%%)]\tLoss: %.6f" % (
                self.epoch % 10 + 1, b * 64, b * 64 * 100 // 60000, self.loss)]
        correct = self.r.randint(9000, 9950)
        return ["Test set: Average loss: %.4f, Accuracy: %d/10000 (%d%%)" % (
            self.loss / 10, correct, correct // 100), ""]

    def linear_learner(self):
        x = self.r.random()
        pre = "[%s INFO 140234567] " % self.stamp(2)
        if x < 0.5:
            return [pre + "#quality_metric: host=algo-1, epoch=%d, batch=%d train "
                    "binary_classification_cross_entropy_objective <loss>=%s" % (
                        self.epoch % 15, self.step % 200, self.u(0.2, 0.7, 16))]
        if x < 0.7:
            return [pre + "#quality_metric: host=algo-1, epoch=%d, validation "
                    "binary_classification_cross_entropy_objective <loss>=%s" % (
                        self.epoch % 15, self.u(0.2, 0.7, 16))]
        if x < 0.8:
            return [pre + "#validation_score (algo-1) : ('binary_classification_cross_entropy_objective', %s)" % (
                self.u(0.2, 0.7, 16))]
        if x < 0.9:
            return ['#metrics {"StartTime": %.3f, "EndTime": %.3f, "Dimensions": {"Algorithm": "Linear Learner", '
                    '"Host": "algo-1", "Operation": "training", "epoch": %d}, "Metrics": {"update.time": '
                    '{"sum": %s, "count": 1, "min": %s, "max": %s}}}' % (
                        1795946400 + self.t, 1795946401 + self.t, self.epoch % 15,
                        self.u(100, 900, 3), self.u(100, 900, 3), self.u(100, 900, 3))]
        return [pre + "#quality_metric: host=algo-1, test binary_classification_accuracy <score>=%s" % (
            self.u(0.8, 1, 16))]

    def gan(self):
        return ["GAN_loss=%s; Scaled_reg=%s; disc:[-%s,%s] real %.1f%% gen %.1f%% disc-combined=%s; "
                "disc_train_loss=%s; Loss = %s; Iteration %d took %.3fs; Elapsed=%ds" % (
                    self.u(0, 1, 6), self.u(1, 4, 6), self.u(0, 0.1, 6), self.u(0, 0.2, 6),
                    self.r.uniform(50, 100), self.r.uniform(0, 10), self.u(0, 0.1, 6),
                    self.u(0.5, 2, 6), self.u(5, 20, 6), self.step, self.r.uniform(0.5, 1),
                    int(self.t))]

    def jumpstart(self):
        return [" eval_ppl=tensor(%s, device='cuda:0') eval_epoch_loss=tensor(%s, device='cuda:0')" % (
                    self.u(1, 2), self.u(0.1, 0.7)),
                "Epoch %d: train_perplexity=%s, train_epoch_loss=%s, epoch time %ss" % (
                    self.epoch % 5 + 1, self.u(1, 2), self.u(0.1, 0.7), self.u(200, 400, 2))]

    def bare(self):
        return [self.u(0, 1)]

    # -- noise ---------------------------------------------------------
    def noise(self):
        x = self.r.random()
        r = self.r
        if x < 0.3:
            return ["[%s algo-1:%d INFO %s:%d] %s" % (
                "2026-11-23 " + self.stamp(0), r.randint(20, 90),
                r.choice(["utils.py", "hook.py", "profiler_config_parser.py", "json_config.py"]),
                r.randint(10, 600),
                r.choice(["RULE_JOB_STOP_SIGNAL_FILENAME: None", "Creating hook from json_config at /opt/ml/input/config/debughookconfig.json.",
                          "Saving to /opt/ml/output/tensors", "Monitoring the collections: losses, metrics",
                          "Finished saving step %d, epoch %d" % (self.step, self.epoch)]))]
        if x < 0.5:
            return ["%s sagemaker-training-toolkit INFO     %s" % (
                self.stamp(1), r.choice(["Invoking user script", "Reporting training SUCCESS",
                                         "No GPUs detected (normal if no gpus installed)",
                                         "Waiting for the process to finish and give a return code.",
                                         "Installing module with the following command:"]))]
        if x < 0.58:
            return ["Traceback (most recent call last):",
                    '  File "/opt/ml/code/train.py", line %d, in <module>' % r.randint(10, 400),
                    "    main()",
                    '  File "/opt/conda/lib/python3.10/site-packages/torch/utils/data/dataloader.py", line %d, in __next__' % r.randint(600, 700),
                    "    data = self._next_data()",
                    "RuntimeError: DataLoader worker (pid %d) is killed by signal: Killed. (loss 0.%d ignored)" % (
                        r.randint(100, 9999), r.randint(1000, 9999))]
        if x < 0.7:
            return [r.choice(["학습 시작: 배치 크기 %d, 학습률 0.001 🚀" % r.choice([16, 32, 64]),
                              "训练完成 ✅ 用时 %d 秒" % r.randint(10, 999),
                              "エポック %d 終了 — 損失は下がっています 📉" % r.randint(1, 50),
                              "Ünïcödé lïnë wïth ümläüts ✓ and → arrows"])]
        if x < 0.8:
            return ["/opt/conda/lib/python3.10/site-packages/torch/nn/modules/module.py:%d: UserWarning: "
                    "Using a target size (torch.Size([%d])) that is different to the input size" % (
                        r.randint(1000, 1600), r.choice([32, 64]))]
        if x < 0.88:
            return [""]
        if x < 0.9:
            return [r.choice(["Final test accuracy: %s", "Test Accuracy = %s", "best test accuracy=%s (epoch 3)"]) % self.u(0.8, 1)]
        if x < 0.94:
            return ["SM_HPS={\"epochs\": %d, \"learning_rate\": %s, \"batch_size\": %d, \"model_name\": \"distilbert-base-uncased\"}" % (
                r.randint(1, 20), r.choice(["5e-05", "0.001", "3e-4"]), r.choice([16, 32, 64]))]
        return ["Downloading: %d%%|%s| %.2fM/%.2fM [00:%02d<00:00, %.1fMB/s]" % (
            r.randint(0, 100), "\u2588" * 10, r.uniform(1, 500), r.uniform(500, 1000),
            r.randint(0, 59), r.uniform(10, 200))]


FORMATS = [  # (weight, method) for the ~60% of metric lines
    (14, "xgboost"), (8, "keras2"), (4, "keras3"), (12, "huggingface"), (8, "pytorch"),
    (6, "linear_learner"), (4, "gan"), (3, "jumpstart"), (1, "bare"),
]


def generate(lines, seed):
    rng = random.Random(seed)
    job = Job(rng)
    names = [name for _, name in FORMATS]
    weights = [w for w, _ in FORMATS]
    out = []
    while len(out) < lines:
        job.tick()
        if rng.random() < 0.40:
            out.extend(job.noise())
        else:
            out.extend(getattr(job, rng.choices(names, weights)[0])())
    return out[:lines]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("out", help="OUT.log; OUT.defs.json is written beside it")
    args = parser.parse_args()
    base = args.out[:-4] if args.out.endswith(".log") else args.out
    defs_path = base + ".defs.json"
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        for line in generate(args.lines, args.seed):
            f.write(line)
            f.write("\n")
    with open(defs_path, "w", encoding="utf-8") as f:
        json.dump([{"Name": n, "Regex": r} for n, r in DEFINITIONS], f, indent=1)
        f.write("\n")
    print("wrote %s (%d lines, %d bytes) and %s" % (
        args.out, args.lines, os.path.getsize(args.out), defs_path))


if __name__ == "__main__":
    main()
