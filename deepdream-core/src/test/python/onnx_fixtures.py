#!/usr/bin/python3
"""The ONNX test fixtures of deepdream-core, made here rather than downloaded.

Writes two small networks with random weights, exported by PyTorch to ONNX, and reference numbers
computed by PyTorch in float64 (the same float32 weights, widened), into
deepdream-core/src/test/resources/onnx/:

  googlenet-tiny.onnx  GoogLeNet's shape at a few channels per layer (opset 12, input data_0 of
                       1x3x224x224, like the ONNX Model Zoo's): LRN, ceil-mode max pools, inception
                       blocks, a 7x7 average pool, Dropout, Reshape, Gemm, Softmax, with the Caffe2
                       converter's tensor names (conv2/3x3_1 the convolution, conv2/3x3_2 after its
                       ReLU, inception_4c/output_1, prob_1; weights conv1/7x7_s2_w_0), renamed with the
                       onnx API after export. Its pixels: 0..255, minus mean R,G,B 123,117,104, BGR.
  resnet-tiny.onnx     a ResNet/MobileNet shape with PyTorch's own names (opset 13, height and width
                       open): Sub/Div by constants, reflect and zero Pad (PyTorch's constant chains),
                       Conv + BatchNormalization, Clip (ReLU6), depthwise and dilated convolutions,
                       residual Add, LeakyRelu, squeeze-and-excite (GlobalAveragePool, Sigmoid, Mul),
                       Tanh, MaxPool, AveragePool (count_include_pad 0 and 1, ceil mode), Concat,
                       Identity, Dropout, Flatten, Gemm, MatMul, Add, Softmax. Its pixels: 0..1, RGB.

and for each a JSON reference: per picture (crops of examples/chelsea.png and the photo itself),
each layer's shape, mean and five values (in CHW order, at indices k * (n - 1) // 4), and, on the
odd-sized crop, the input gradient of the sum of some layers' means with respect to the pixels in
the model's range, as little-endian float32 in CHW order (*.grad). Layer names are the ones deepdream gives: the tensor
names, less a leading '/', other characters than [A-Za-z0-9_./] as '_'; for googlenet-tiny also
Caffe's plain names (aliases of the last version of each name).

Run with Debian's python3-torch and python3-onnx (/usr/bin/python3), from the repository root:

  /usr/bin/python3 deepdream-core/src/test/python/onnx_fixtures.py [--seed N] [--out DIR] [--image PNG]...

and to compare deepdream's `layers IMAGE --model NAME --json` with a reference:

  /usr/bin/python3 deepdream-core/src/test/python/onnx_fixtures.py --compare LAYERS.json \
      --reference DIR/googlenet-tiny.json --image examples/chelsea.png
"""
import argparse
import io
import json
import os
import re
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..', '..', '..'))
OUT = os.path.join(ROOT, 'deepdream-core', 'src', 'test', 'resources', 'onnx')

REC = None        # name -> value, filled while a reference is computed
EXPORTING = False  # LRN is exported through a symbolic function, computed by PyTorch otherwise


def record(name, value):
    if REC is not None:
        REC[name] = value
    return value


def weights(gen, *shape, fan_in):
    return nn.Parameter((torch.randn(*shape, generator=gen) * (2.0 / fan_in) ** 0.5).float())


class LrnExport(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, size, alpha, beta, k):
        return F.local_response_norm(x, size, alpha, beta, k)

    @staticmethod
    def symbolic(g, x, size, alpha, beta, k):
        return g.op('LRN', x, size_i=size, alpha_f=alpha, beta_f=beta, bias_f=k)


# ------------------------------------------------------------------------------------- googlenet-tiny

class ConvRelu(nn.Module):
    """Caffe's convolution with its in-place ReLU: NAME_1 the convolution, NAME_2 after the ReLU."""

    def __init__(self, name, gen, cin, cout, k, stride=1, pad=0):
        super().__init__()
        self.name, self.stride, self.pad = name, stride, pad
        self.weight = weights(gen, cout, cin, k, k, fan_in=cin * k * k)
        self.bias = nn.Parameter((torch.randn(cout, generator=gen) * 0.1).float())

    def forward(self, x):
        y = record(self.name + '_1', F.conv2d(x, self.weight, self.bias, self.stride, self.pad))
        return record(self.name + '_2', F.relu(y))


class MaxPool(nn.Module):
    def __init__(self, name, k, stride, pad=0):
        super().__init__()
        self.name, self.k, self.stride, self.pad = name, k, stride, pad

    def forward(self, x):
        return record(self.name + '_1', F.max_pool2d(x, self.k, self.stride, self.pad, ceil_mode=True))


class Lrn(nn.Module):
    def __init__(self, name):
        super().__init__()
        self.name = name

    def forward(self, x):
        y = LrnExport.apply(x, 5, 1e-4, 0.75, 1.0) if EXPORTING else F.local_response_norm(x, 5, 1e-4, 0.75, 1.0)
        return record(self.name + '_1', y)


class Output(nn.Module):
    def __init__(self, name):
        super().__init__()
        self.name = name

    def forward(self, *xs):
        return record(self.name + '_1', torch.cat(xs, 1))


class Inception(nn.Module):
    def __init__(self, name, gen, cin, c1, c3r, c3, c5r, c5, cp):
        super().__init__()
        self.add_module('1x1', ConvRelu(name + '/1x1', gen, cin, c1, 1))
        self.add_module('3x3_reduce', ConvRelu(name + '/3x3_reduce', gen, cin, c3r, 1))
        self.add_module('3x3', ConvRelu(name + '/3x3', gen, c3r, c3, 3, pad=1))
        self.add_module('5x5_reduce', ConvRelu(name + '/5x5_reduce', gen, cin, c5r, 1))
        self.add_module('5x5', ConvRelu(name + '/5x5', gen, c5r, c5, 5, pad=2))
        self.add_module('pool', MaxPool(name + '/pool', 3, 1, 1))
        self.add_module('pool_proj', ConvRelu(name + '/pool_proj', gen, cin, cp, 1))
        self.add_module('output', Output(name + '/output'))
        self.channels = c1 + c3 + c5 + cp

    def forward(self, x):
        m = self._modules
        return m['output'](m['1x1'](x), m['3x3'](m['3x3_reduce'](x)), m['5x5'](m['5x5_reduce'](x)),
                           m['pool_proj'](m['pool'](x)))


class Pool5(nn.Module):
    def forward(self, x):
        x = record('pool5/7x7_s1_1', F.avg_pool2d(x, 7, 1, count_include_pad=False))
        return record('pool5/7x7_s1_2', x)  # the Dropout inserted after export


class Classifier(nn.Module):
    def __init__(self, gen, cin, classes):
        super().__init__()
        self.weight = weights(gen, classes, cin, fan_in=cin)
        self.bias = nn.Parameter((torch.randn(classes, generator=gen) * 0.1).float())

    def forward(self, x):
        x = record('loss3/classifier_1', x.reshape(1, -1))
        return record('loss3/classifier_2', F.linear(x, self.weight, self.bias))


class Prob(nn.Module):
    def forward(self, x):
        return record('prob_1', F.softmax(x, dim=1))


class GoogLeNetTiny(nn.Module):
    def __init__(self, gen, classes=10):
        super().__init__()
        blocks = [
            ('conv1/7x7_s2', ConvRelu('conv1/7x7_s2', gen, 3, 16, 7, 2, 3)),
            ('pool1/3x3_s2', MaxPool('pool1/3x3_s2', 3, 2)),
            ('pool1/norm1', Lrn('pool1/norm1')),
            ('conv2/3x3_reduce', ConvRelu('conv2/3x3_reduce', gen, 16, 16, 1)),
            ('conv2/3x3', ConvRelu('conv2/3x3', gen, 16, 24, 3, pad=1)),
            ('conv2/norm2', Lrn('conv2/norm2')),
            ('pool2/3x3_s2', MaxPool('pool2/3x3_s2', 3, 2)),
        ]
        cin = 24
        for name, pool in [('inception_3a', None), ('inception_3b', 'pool3/3x3_s2'), ('inception_4a', None),
                           ('inception_4b', None), ('inception_4c', 'pool4/3x3_s2')]:
            block = Inception(name, gen, cin, 12, 8, 16, 4, 8, 8) if name != 'inception_3a' \
                else Inception(name, gen, cin, 8, 8, 12, 4, 6, 6)
            blocks.append((name, block))
            cin = block.channels
            if pool:
                blocks.append((pool, MaxPool(pool, 3, 2)))
        blocks.append(('pool5/7x7_s1', Pool5()))
        for name, module in blocks:
            self.add_module(name, module)
        self.order = [name for name, _ in blocks]
        self.add_module('loss3/classifier', Classifier(gen, cin, classes))
        self.add_module('prob', Prob())

    def forward(self, x):
        for name in self.order:
            if name == 'pool5/7x7_s1' and min(x.shape[2:]) < 7:
                return None  # too small for the 7 x 7 pool
            x = self._modules[name](x)
        if x.shape[2] != 1 or x.shape[3] != 1:
            return None  # the classifier's weights fix the input size to 224 x 224
        return self._modules['prob'](self._modules['loss3/classifier'](x))


def rename_googlenet(model):
    """The Caffe2 converter's names: each scope's node outputs NAME_1, NAME_2, ...; weights NAME_w_0, NAME_b_0."""
    g = model.graph
    names = {'data_0': 'data_0'}
    counts = {}
    for node in g.node:
        scope = node.name.rsplit('/', 1)[0].lstrip('/')
        for i, out in enumerate(node.output):
            if node.op_type == 'Constant':
                names[out] = scope + '_shape'
                continue
            counts[scope] = counts.get(scope, 0) + 1
            names[out] = '%s_%d' % (scope, counts[scope])
    for t in g.initializer:
        new = t.name.replace('.', '/')
        new = re.sub(r'/weight$', '_w_0', new)
        new = re.sub(r'/bias$', '_b_0', new)
        names[t.name] = new
        t.name = new
    for node in g.node:
        node.input[:] = [names.get(i, i) for i in node.input]
        node.output[:] = [names[o] for o in node.output]
    for v in list(g.input) + list(g.output):
        v.name = names.get(v.name, v.name)
    # Caffe2's deploy net keeps its Dropout (in place, so pool5/7x7_s1_2): insert one after the pool.
    pool = next(n for n in g.node if n.output[0] == 'pool5/7x7_s1_1')
    for n in g.node:
        n.input[:] = ['pool5/7x7_s1_2' if i == 'pool5/7x7_s1_1' else i for i in n.input]
    index = list(g.node).index(pool)
    g.node.insert(index + 1, onnx.helper.make_node('Dropout', ['pool5/7x7_s1_1'], ['pool5/7x7_s1_2'],
                                                   name='pool5/drop_7x7_s1'))


def googlenet_aliases(names):
    """Caffe's plain names: each versioned name's base, for the last version of it."""
    last = {}
    for n in names:
        m = re.fullmatch(r'(.+)_(\d+)', n)
        if m and (m.group(1) not in last or int(m.group(2)) >= last[m.group(1)][0]):
            last[m.group(1)] = (int(m.group(2)), n)
    return {base: n for base, (v, n) in last.items() if base not in names}


# ---------------------------------------------------------------------------------------- resnet-tiny

def bn(gen, c):
    b = nn.BatchNorm2d(c)
    with torch.no_grad():
        b.weight.copy_(1 + 0.2 * torch.randn(c, generator=gen))
        b.bias.copy_(0.2 * torch.randn(c, generator=gen))
        b.running_mean.copy_(0.3 * torch.randn(c, generator=gen))
        b.running_var.copy_(0.5 + torch.rand(c, generator=gen))
    return b


def conv(gen, cin, cout, k, stride=1, pad=0, dilation=1, groups=1, bias=False):
    c = nn.Conv2d(cin, cout, k, stride, pad, dilation, groups, bias=bias)
    with torch.no_grad():
        c.weight.copy_(torch.randn(c.weight.shape, generator=gen) * (2.0 / (cin // groups * k * k)) ** 0.5)
        if bias:
            c.bias.copy_(0.1 * torch.randn(cout, generator=gen))
    return c


class Stem(nn.Module):
    def __init__(self, gen):
        super().__init__()
        self.register_buffer('mean', torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1))
        self.register_buffer('std', torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1))
        self.pad = nn.ReflectionPad2d(1)
        self.conv = conv(gen, 3, 16, 3, stride=2)
        self.bn = bn(gen, 16)

    def forward(self, x):
        x = record('/stem/Sub', x - self.mean)
        x = record('/stem/Div', x / self.std)
        x = record('/stem/pad/Pad', self.pad(x))
        x = record('/stem/conv/Conv', self.conv(x))
        x = record('/stem/bn/BatchNormalization', self.bn(x))
        return record('/stem/Clip', F.relu6(x))


class Inverted(nn.Module):
    def __init__(self, gen, c, expand):
        super().__init__()
        self.expand, self.bn1 = conv(gen, c, expand, 1), bn(gen, expand)
        self.dw, self.bn2 = conv(gen, expand, expand, 3, pad=1, groups=expand), bn(gen, expand)
        self.project, self.bn3 = conv(gen, expand, c, 1), bn(gen, c)

    def forward(self, x):
        y = record('/block1/Clip', F.relu6(self.bn1(self.expand(x))))
        y = record('/block1/Clip_1', F.relu6(self.bn2(self.dw(y))))
        y = record('/block1/bn3/BatchNormalization', self.bn3(self.project(y)))
        return record('/block1/Add', x + y)


class Excite(nn.Module):
    def __init__(self, gen, c):
        super().__init__()
        self.dilated, self.bn = conv(gen, c, c, 3, pad=2, dilation=2), bn(gen, c)
        self.squeeze, self.excite = conv(gen, c, c // 4, 1, bias=True), conv(gen, c // 4, c, 1, bias=True)

    def forward(self, x):
        x = record('/block2/LeakyRelu', F.leaky_relu(self.bn(self.dilated(x)), 0.1))
        s = record('/block2/GlobalAveragePool', F.adaptive_avg_pool2d(x, 1))
        s = record('/block2/Relu', F.relu(self.squeeze(s)))
        s = record('/block2/Sigmoid', torch.sigmoid(self.excite(s)))
        return record('/block2/Mul', x * s)


class Branches(nn.Module):
    def __init__(self, gen, c):
        super().__init__()
        self.pad = nn.ZeroPad2d((0, 1, 0, 1))
        self.conv = conv(gen, c, c, 3, stride=2, bias=True)

    def forward(self, x):
        a = record('/block3/Tanh', torch.tanh(self.conv(record('/block3/pad/Pad', self.pad(x)))))
        b = record('/block3/MaxPool', F.max_pool2d(x, 2, 2))
        x = record('/block3/Concat', torch.cat([a, b], 1))
        p = record('/block3/AveragePool', F.avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False))
        q = record('/block3/AveragePool_1', F.avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=True))
        return record('/block3/Add', p + q)


class ResNetTiny(nn.Module):
    def __init__(self, gen, classes=8):
        super().__init__()
        self.stem = Stem(gen)
        self.block1 = Inverted(gen, 16, 32)
        self.block2 = Excite(gen, 16)
        self.block3 = Branches(gen, 16)
        self.fc = nn.Linear(32, 12)
        with torch.no_grad():
            self.fc.weight.copy_(torch.randn(12, 32, generator=gen) * 0.25)
            self.fc.bias.copy_(torch.randn(12, generator=gen) * 0.1)
        self.proj = nn.Parameter((torch.randn(12, classes, generator=gen) * 0.3).float())
        self.proj_bias = nn.Parameter((torch.randn(classes, generator=gen) * 0.1).float())

    def forward(self, x):
        x = self.block3(self.block2(self.block1(self.stem(x))))
        x = record('/GlobalAveragePool', F.adaptive_avg_pool2d(x, 1))
        x = record('/Flatten', torch.flatten(x, 1))
        x = record('/fc/Gemm', self.fc(x))
        x = record('/MatMul', x @ self.proj)
        x = record('/Add', x + self.proj_bias)
        return record('/Softmax', F.softmax(x, dim=-1))


def insert_resnet_extras(model):
    """An Identity after the stem's Div and a Dropout before the Flatten, as other exporters leave them."""
    g = model.graph
    for after, op in [('/stem/Div_output_0', 'Identity'), ('/GlobalAveragePool_output_0', 'Dropout')]:
        new = after.replace('_output_0', '_' + op.lower() + '_output_0')
        for n in g.node:
            n.input[:] = [new if i == after else i for i in n.input]
        index = next(i for i, n in enumerate(g.node) if after in n.output)
        g.node.insert(index + 1, onnx.helper.make_node(op, [after], [new], name=new[:-len('_output_0')]))


# ----------------------------------------------------------------------------------------- the output

def layer_name(tensor):
    """deepdream's layer name of a tensor: no leading '/', other characters than [A-Za-z0-9_./] as '_'."""
    name = re.sub(r'[^A-Za-z0-9_./]', '_', tensor.lstrip('/'))
    return '_' + name if not re.match(r'[A-Za-z_]', name) else name


def read_pixels(path):
    return np.asarray(Image.open(path).convert('RGB'), dtype=np.float64).transpose(2, 0, 1).copy()  # CHW, 0..255


def reference(net, convention, pixels, tensors, loss_layers, grad_path):
    """Every recorded layer's shape, mean and five values, and the gradient of the loss layers' means."""
    global REC
    lo, hi = convention['range']
    x = torch.tensor(lo + pixels / 255.0 * (hi - lo), dtype=torch.float64)[None].requires_grad_(True)
    mean = torch.tensor(convention['mean'], dtype=torch.float64).view(1, 3, 1, 1)
    std = torch.tensor(convention['std'], dtype=torch.float64).view(1, 3, 1, 1)
    y = (x - mean) / std
    if convention['bgr']:
        y = y.flip(1)
    REC = {}
    net(y)
    rec, REC = REC, None
    layers = {}
    for key, value in rec.items():
        name = tensors[key]
        v = value.detach().reshape(-1)
        n = v.numel()
        shape = list(value.shape[2:]) + [value.shape[1]] if value.dim() == 4 else [value.shape[1]]
        layers[name] = {'shape': shape, 'mean': v.mean().item(),
                        'values': [v[k * (n - 1) // 4].item() for k in range(5)]}
    if grad_path:
        loss = sum(rec[k].mean() for k in loss_layers)
        loss.backward()
        x.grad[0].numpy().astype('<f4').tofile(grad_path)
    return layers


def export(net, name, opset, input_name, output_name, dynamic, size):
    global EXPORTING
    EXPORTING = True
    buf = io.BytesIO()
    torch.onnx.export(net, torch.zeros(1, 3, size, size), buf, opset_version=opset, input_names=[input_name],
                      output_names=[output_name], training=torch.onnx.TrainingMode.PRESERVE,
                      dynamic_axes={input_name: {2: 'height', 3: 'width'}} if dynamic else None)
    EXPORTING = False
    model = onnx.load_from_string(buf.getvalue())
    model.producer_name = 'deepdream onnx_fixtures.py (PyTorch %s)' % torch.__version__
    return model


def write(out, base, model, net, convention, pictures, loss_keys, tensors, extra):
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(out, base + '.onnx'))
    produced = {o for n in model.graph.node for o in n.output}
    missing = [k for k, t in tensors.items() if t not in produced]
    assert not missing, 'recorded but not in the graph: %s' % missing
    names = {k: layer_name(t) for k, t in tensors.items()}
    refs = []
    for path, label in pictures:
        grad = '%s-%s.grad' % (base, label) if label == 'odd' else None  # one gradient: the files stay small
        layers = reference(net, convention, read_pixels(path), names, loss_keys, grad and os.path.join(out, grad))
        h, w = Image.open(path).size[::-1]
        ref = {'image': os.path.relpath(os.path.realpath(path), ROOT), 'height': h, 'width': w, 'layers': layers}
        if grad:
            ref['gradient'] = {'layers': [names[k] for k in loss_keys], 'file': grad}
        refs.append(ref)
    doc = dict(model=base + '.onnx', opset=model.opset_import[0].version, input=convention, references=refs, **extra)
    with open(os.path.join(out, base + '.json'), 'w') as f:
        json.dump(doc, f, indent=1, sort_keys=True)


def crops(out):
    photo = Image.open(os.path.join(ROOT, 'examples', 'chelsea.png')).convert('RGB')
    pictures = []
    for label, box in [('224', (120, 40, 344, 264)), ('odd', (40, 60, 213, 191))]:
        path = os.path.join(out, 'photo-%s.png' % label)
        photo.crop(box).save(path)
        pictures.append((path, label))
    return pictures


def make(out, seed, images):
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(seed)
    pictures = crops(out) + [(p, os.path.splitext(os.path.basename(p))[0]) for p in images]

    gen = torch.Generator().manual_seed(seed)
    net = GoogLeNetTiny(gen).eval()
    model = export(net, 'googlenet-tiny', 12, 'data_0', 'prob', False, 224)
    rename_googlenet(model)
    global REC
    REC = {}
    net.double()(torch.zeros(1, 3, 224, 224, dtype=torch.float64))
    keys, REC = list(REC), None
    tensors = {k: k for k in keys}
    convention = {'range': [0, 255], 'mean': [123, 117, 104], 'std': [1, 1, 1], 'bgr': True}
    write(out, 'googlenet-tiny', model, net, convention, pictures, ['inception_4c/output_1', 'pool1/norm1_1'],
          tensors, {'aliases': googlenet_aliases([layer_name(t) for t in tensors.values()])})

    gen = torch.Generator().manual_seed(seed + 1)
    net = ResNetTiny(gen).eval()
    model = export(net, 'resnet-tiny', 13, 'input', 'logits', True, 64)
    insert_resnet_extras(model)
    REC = {}
    net.double()(torch.zeros(1, 3, 64, 64, dtype=torch.float64))
    keys, REC = list(REC), None
    tensors = {k: ('logits' if k == '/Softmax' else k + '_output_0') for k in keys}
    convention = {'range': [0, 1], 'mean': [0, 0, 0], 'std': [1, 1, 1], 'bgr': False}
    write(out, 'resnet-tiny', model, net, convention, pictures, ['/block1/Add', '/block3/Add'], tensors, {})


def compare(layers_json, reference_json, image):
    with open(layers_json) as f:
        ours = {l['name']: l for l in json.load(f)}
    with open(reference_json) as f:
        ref = json.load(f)
    wanted = os.path.realpath(image)
    picture = next((r for r in ref['references'] if os.path.realpath(os.path.join(ROOT, r['image'])) == wanted), None)
    if picture is None:
        sys.exit('%s has no reference on %s (it has: %s)' % (reference_json, image,
                                                            ', '.join(r['image'] for r in ref['references'])))
    expected = dict(picture['layers'])
    for alias, target in ref.get('aliases', {}).items():
        if target in expected:  # not the classifier's layers on a picture of another size than 224 x 224
            expected[alias] = expected[target]
    worst, compared = 0.0, 0
    for name, l in ours.items():
        if name in expected:
            e = expected[name]['mean']
            err = abs(l['mean'] - e) / max(abs(e), 1e-12)
            compared += 1
            if err > worst:
                worst, worst_layer = err, name
    print('%d layers compared; worst relative error of a mean %.3g%s' % (compared, worst,
          ' (' + worst_layer + ')' if compared and worst > 0 else ''))
    return 0 if compared and worst <= 1e-3 else 1


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--out', default=OUT)
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--image', action='append', default=None,
                   help='a PNG to add references on (default: examples/chelsea.png); with --compare, the one compared')
    p.add_argument('--compare', help="deepdream's `layers IMAGE --model NAME --json` output to check")
    p.add_argument('--reference', help='the reference JSON to check it against')
    a = p.parse_args()
    if a.compare:
        sys.exit(compare(a.compare, a.reference, a.image[0]))
    make(a.out, a.seed, a.image if a.image else [os.path.join(ROOT, 'examples', 'chelsea.png')])


if __name__ == '__main__':
    main()
