#!/usr/bin/env python3
"""The speed and fidelity peer: the same Keras network, run by PyTorch from Python.

An independent implementation of what deepdream computes, for two uses:
  * speed: `deepdream bench --peer` times this next to deepdream's own gradient step, in one run;
  * fidelity: gradients and simple-step losses on any photo, in float64 or float32, to check
    deepdream's numbers on photos the tests have never seen (`deepdream bench --fidelity`).

It reads a model folder of deepdream's cache (a TF.js layers model: model.json + weights.bin,
uint8-quantized weights dequantized as q * scale + min in float32) and interprets the Keras graph
with torch.nn.functional. It needs Debian's python3-torch on the bench machine only; CI never runs it.

Input: a raw float32 little-endian HWC file already in the model's input range ([-1, 1] for
InceptionV3). Output: one JSON object on stdout.
"""
import argparse
import json
import math
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def load(model_dir):
    with open(os.path.join(model_dir, "model.json")) as f:
        model = json.load(f)
    raw = open(os.path.join(model_dir, "weights.bin"), "rb").read()
    weights, offset = {}, 0
    for group in model["weightsManifest"]:
        for w in group["weights"]:
            n = int(np.prod(w["shape"])) if w["shape"] else 1
            q = w.get("quantization")
            if q:
                dt = np.dtype(q["dtype"])
                data = np.frombuffer(raw, dt, n, offset).astype(np.float32)
                data = data * np.float32(q["scale"]) + np.float32(q["min"])
                offset += n * dt.itemsize
            else:
                data = np.frombuffer(raw, "<f4", n, offset).copy()
                offset += n * 4
            weights[w["name"]] = data.reshape(w["shape"])
    topology = model["modelTopology"]
    config = topology.get("model_config", topology)["config"]
    return config["layers"], weights


def same_pads(size, k, s):
    out = -(-size // s)
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2


class Net:
    """The Keras graph as torch ops; batch norm is folded into the convolution before it."""

    def __init__(self, layers, weights, dtype):
        self.layers = layers
        self.dtype = dtype
        self.params = {}
        readers = {}
        for l in layers:
            for node in l["inbound_nodes"][:1]:
                for src in node:
                    readers.setdefault(src[0], []).append(l)
        self.folded = set()
        for l in layers:
            c, name = l["config"], l["name"]
            if l["class_name"] == "Conv2D":
                k = torch.from_numpy(weights[name + "/kernel"]).permute(3, 2, 0, 1).double()
                b = torch.from_numpy(weights[name + "/bias"]).double() if c.get("use_bias", True) and \
                    name + "/bias" in weights else torch.zeros(k.shape[0], dtype=torch.float64)
                nxt = readers.get(name, [])
                if len(nxt) == 1 and nxt[0]["class_name"] == "BatchNormalization":
                    scale, shift = self.bn_affine(nxt[0], weights)
                    k = k * scale.view(-1, 1, 1, 1)
                    b = b * scale + shift
                    self.folded.add(nxt[0]["name"])
                self.params[name] = (k.to(dtype).contiguous(), b.to(dtype))
            elif l["class_name"] == "Dense":
                self.params[name] = (torch.from_numpy(weights[name + "/kernel"]).to(dtype),
                                     torch.from_numpy(weights[name + "/bias"]).to(dtype))
        for l in layers:
            if l["class_name"] == "BatchNormalization" and l["name"] not in self.folded:
                self.params[l["name"]] = tuple(t.to(dtype) for t in self.bn_affine(l, weights))

    @staticmethod
    def bn_affine(l, weights):
        c, name = l["config"], l["name"]
        mean = torch.from_numpy(weights[name + "/moving_mean"]).double()
        var = torch.from_numpy(weights[name + "/moving_variance"]).double()
        gamma = torch.from_numpy(weights[name + "/gamma"]).double() if name + "/gamma" in weights else 1.0
        beta = torch.from_numpy(weights[name + "/beta"]).double() if name + "/beta" in weights else 0.0
        scale = gamma / torch.sqrt(var + c.get("epsilon", 1e-3))
        return scale * torch.ones_like(mean), beta - mean * scale

    def forward(self, x, outputs):
        values = {}
        wanted = set(outputs)
        for l in self.layers:
            cls, c, name = l["class_name"], l["config"], l["name"]
            ins = [values[s[0]] for s in l["inbound_nodes"][0]] if l["inbound_nodes"] else []
            if cls == "InputLayer":
                y = x
            elif cls == "Conv2D":
                w, b = self.params[name]
                s = c["strides"]
                if c["padding"] == "same":
                    ph = same_pads(ins[0].shape[2], w.shape[2], s[0])
                    pw = same_pads(ins[0].shape[3], w.shape[3], s[1])
                    if ph[0] == ph[1] and pw[0] == pw[1]:
                        y = F.conv2d(ins[0], w, b, s, (ph[0], pw[0]))
                    else:
                        y = F.conv2d(F.pad(ins[0], (pw[0], pw[1], ph[0], ph[1])), w, b, s)
                else:
                    y = F.conv2d(ins[0], w, b, s)
                if c.get("activation", "linear") == "relu":
                    y = F.relu(y)
            elif cls == "BatchNormalization":
                if name in self.params:
                    sc, sh = self.params[name]
                    y = ins[0] * sc.view(1, -1, 1, 1) + sh.view(1, -1, 1, 1)
                else:
                    y = ins[0]
            elif cls == "Activation":
                a = c["activation"]
                y = F.relu(ins[0]) if a == "relu" else ins[0].softmax(1) if a == "softmax" else ins[0]
            elif cls == "MaxPooling2D":
                assert c["padding"] == "valid"
                y = F.max_pool2d(ins[0], c["pool_size"], c["strides"])
            elif cls == "AveragePooling2D":
                k, s = c["pool_size"], c["strides"]
                if c["padding"] == "same":
                    ph = same_pads(ins[0].shape[2], k[0], s[0])
                    pw = same_pads(ins[0].shape[3], k[1], s[1])
                    assert ph[0] == ph[1] and pw[0] == pw[1]
                    y = F.avg_pool2d(ins[0], k, s, (ph[0], pw[0]), count_include_pad=False)
                else:
                    y = F.avg_pool2d(ins[0], k, s)
            elif cls == "Concatenate":
                y = torch.cat(ins, 1)
            else:
                break  # Flatten, Dense, ...: past every layer a dream reads
            values[name] = y
            if wanted.issubset(values):
                break
        return [values[o] for o in outputs]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("model_dir")
    p.add_argument("input", help="float32 LE HWC file in the model's input range")
    p.add_argument("height", type=int)
    p.add_argument("width", type=int)
    p.add_argument("--layers", default="mixed3,mixed5")
    p.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    p.add_argument("--layout", choices=["nhwc", "nchw"], default="nhwc")
    p.add_argument("--steps", type=int, default=0, help="timed gradient steps (after 3 warm-up)")
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--grad-out", help="write the input gradient here (float32 LE HWC)")
    p.add_argument("--simple-steps", type=int, default=0,
                   help="also run this many of the tutorial's simple steps and report each loss")
    a = p.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    dtype = torch.float32 if a.dtype == "float32" else torch.float64
    layers, weights = load(a.model_dir)
    net = Net(layers, weights, dtype)
    outputs = a.layers.split(",")
    hwc = np.fromfile(a.input, "<f4").reshape(a.height, a.width, 3)
    image = torch.from_numpy(hwc.copy()).to(dtype)

    def step(img):
        if a.layout == "nhwc":
            leaf = img.unsqueeze(0).clone().requires_grad_(True)  # NHWC memory
            x = leaf.permute(0, 3, 1, 2)
        else:
            leaf = img.permute(2, 0, 1).unsqueeze(0).contiguous().requires_grad_(True)
            x = leaf
        acts = net.forward(x, outputs)
        loss = sum(t.mean() for t in acts)
        loss.backward()
        g = leaf.grad[0] if a.layout == "nhwc" else leaf.grad[0].permute(1, 2, 0)
        return float(loss), g.detach()

    result = {"torch": torch.__version__, "threads": torch.get_num_threads(), "dtype": a.dtype,
              "layout": a.layout, "height": a.height, "width": a.width}
    loss, grad = step(image)
    result["loss"] = loss
    if a.grad_out:
        grad.float().numpy().astype("<f4").tofile(a.grad_out)
    if a.steps:
        for _ in range(2):
            step(image)
        times = []
        for _ in range(a.steps):
            t = time.perf_counter()
            step(image)
            times.append(time.perf_counter() - t)
        result["median"] = statistics.median(times)
        result["step_s_min"] = min(times)
    if a.simple_steps:
        img, losses = image.clone(), []
        for _ in range(a.simple_steps):
            loss, g = step(img)
            losses.append(loss)
            g = g / (g.std(unbiased=False) + 1e-8)
            img = torch.clamp(img + g * 0.01, -1, 1)
        result["simple_losses"] = losses
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
