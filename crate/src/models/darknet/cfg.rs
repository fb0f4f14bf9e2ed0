//! Darknet's network description (`.cfg`): INI-like sections, `[net]` first, then one section per layer,
//! numbered from 0. Parsed into typed layers with every index resolved; an error names the line and what
//! is wrong. Training-only keys (learning rate, jitter, …) are ignored.

use crate::activation::Activation;

#[derive(Clone, Debug, PartialEq)]
pub struct Cfg {
    pub width: usize,
    pub height: usize,
    pub channels: usize,
    pub layers: Vec<Layer>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Layer {
    Convolutional(Convolutional),
    /// Darknet pads `size − 1` in all (by default), `⌊(size − 1)/2⌋` of it before.
    Maxpool {
        size: usize,
        stride: usize,
        padding: usize,
    },
    /// The channel concatenation of earlier layers (absolute indices).
    Route {
        layers: Vec<usize>,
    },
    /// The previous layer plus layer `from` (absolute), then `activation`.
    Shortcut {
        from: usize,
        activation: Activation,
    },
    /// Nearest-neighbour upsampling by `stride`.
    Upsample {
        stride: usize,
    },
    /// Training only: the identity at inference.
    Dropout,
    /// `[yolo]` or `[region]`: boxes are read from the previous layer's output.
    Head(DetectionHead),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Convolutional {
    pub filters: usize,
    pub size: usize,
    pub stride: usize,
    /// Zeros added on every side.
    pub padding: usize,
    pub groups: usize,
    pub batch_normalize: bool,
    pub activation: Activation,
}

/// A detection head: the anchors its cells predict, its classes and how its boxes decode.
#[derive(Clone, Debug, PartialEq)]
pub struct DetectionHead {
    pub anchors: Vec<(f32, f32)>,
    pub classes: usize,
    pub kind: HeadKind,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum HeadKind {
    /// `[yolo]` (YOLOv3 and after): anchors in input pixels, a sigmoid per class, offsets scaled by scale_x_y.
    Yolo { scale_x_y: f32 },
    /// `[region]` (YOLOv2, Tiny YOLOv2): anchors in grid cells, one softmax over the classes.
    Region,
}

/// One `[section]` with its `key=value` options and the line each came from.
struct Section<'a> {
    name: &'a str,
    line: usize,
    options: Vec<(&'a str, &'a str, usize)>,
}

impl Section<'_> {
    fn raw(&self, key: &str) -> Option<(&str, usize)> {
        self.options.iter().rev().find(|(k, _, _)| *k == key).map(|&(_, v, line)| (v, line))
    }

    fn number<T: std::str::FromStr>(&self, key: &str, default: Option<T>) -> Result<T, String> {
        match self.raw(key) {
            Some((value, line)) => {
                value.parse().map_err(|_| format!("line {line}: {key}={value} is not a valid number"))
            }
            None => default.ok_or_else(|| format!("line {}: [{}] needs {key}=", self.line, self.name)),
        }
    }

    fn list<T: std::str::FromStr>(&self, key: &str) -> Result<Vec<T>, String> {
        let Some((value, line)) = self.raw(key) else {
            return Err(format!("line {}: [{}] needs {key}=", self.line, self.name));
        };
        value
            .split(',')
            .map(|item| item.trim().parse().map_err(|_| format!("line {line}: {key}={value} is not a list of numbers")))
            .collect()
    }

    fn activation(&self) -> Result<Activation, String> {
        match self.raw("activation") {
            None | Some(("linear", _)) => Ok(Activation::Linear),
            Some(("leaky", _)) => Ok(Activation::LeakyRelu(0.1)),
            Some(("relu", _)) => Ok(Activation::Relu),
            Some(("logistic", _)) => Ok(Activation::Sigmoid),
            Some((other, line)) => Err(format!("line {line}: activation={other} is not supported")),
        }
    }
}

fn sections(text: &str) -> Result<Vec<Section<'_>>, String> {
    let mut sections: Vec<Section> = Vec::new();
    for (number, raw) in text.lines().enumerate() {
        let line = number + 1;
        let content = raw.split(['#', ';']).next().unwrap_or("").trim();
        if content.is_empty() {
            continue;
        }
        if let Some(name) = content.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')) {
            sections.push(Section { name: name.trim(), line, options: Vec::new() });
        } else if let Some((key, value)) = content.split_once('=') {
            let section = sections.last_mut().ok_or(format!("line {line}: an option before the first [section]"))?;
            section.options.push((key.trim(), value.trim(), line));
        } else {
            return Err(format!("line {line}: expected [section] or key=value, found {content:?}"));
        }
    }
    Ok(sections)
}

/// Resolves a layer reference: negative counts back from layer `index`, else it is absolute.
fn earlier(reference: i64, index: usize, section: &Section) -> Result<usize, String> {
    let absolute = if reference < 0 { index as i64 + reference } else { reference };
    if absolute < 0 || absolute >= index as i64 {
        return Err(format!(
            "line {}: layer {index} refers to layer {absolute}, which does not come before it",
            section.line
        ));
    }
    Ok(absolute as usize)
}

fn layer(section: &Section, index: usize) -> Result<Layer, String> {
    Ok(match section.name {
        "convolutional" | "conv" => {
            let size = section.number("size", Some(1))?;
            let pad: usize = section.number("pad", Some(0))?;
            let stride = section.number("stride", Some(1))?;
            let groups = section.number("groups", Some(1))?;
            if size == 0 || stride == 0 || groups == 0 {
                return Err(format!("line {}: size, stride and groups must be positive", section.line));
            }
            Layer::Convolutional(Convolutional {
                filters: section.number("filters", None)?,
                size,
                stride,
                padding: if pad != 0 { size / 2 } else { section.number("padding", Some(0))? },
                groups,
                batch_normalize: section.number::<u8>("batch_normalize", Some(0))? != 0,
                activation: section.activation()?,
            })
        }
        "maxpool" | "max" => {
            let stride = section.number("stride", Some(1))?;
            let size = section.number("size", Some(stride))?;
            if size == 0 || stride == 0 {
                return Err(format!("line {}: size and stride must be positive", section.line));
            }
            Layer::Maxpool { size, stride, padding: section.number("padding", Some(size - 1))? }
        }
        "route" => {
            if section.number("groups", Some(1))? != 1 {
                return Err(format!("line {}: a route with groups (YOLOv4-tiny) is not supported", section.line));
            }
            let layers =
                section.list("layers")?.into_iter().map(|r| earlier(r, index, section)).collect::<Result<_, _>>()?;
            Layer::Route { layers }
        }
        "shortcut" => Layer::Shortcut {
            from: earlier(section.number("from", None)?, index, section)?,
            activation: section.activation()?,
        },
        "upsample" => Layer::Upsample { stride: section.number("stride", Some(2))? },
        "dropout" => Layer::Dropout,
        "yolo" => {
            let anchors = anchor_pairs(section)?;
            let mask = match section.raw("mask") {
                Some(_) => section.list("mask")?,
                None => (0..anchors.len() as i64).collect(),
            };
            let anchors = mask
                .iter()
                .map(|&m| {
                    anchors.get(m as usize).copied().ok_or(format!("line {}: mask {m} names no anchor", section.line))
                })
                .collect::<Result<_, _>>()?;
            Layer::Head(DetectionHead {
                anchors,
                classes: section.number("classes", None)?,
                kind: HeadKind::Yolo { scale_x_y: section.number("scale_x_y", Some(1.0))? },
            })
        }
        "region" => {
            let anchors = anchor_pairs(section)?;
            if section.number("num", Some(anchors.len()))? != anchors.len() {
                return Err(format!("line {}: num differs from the number of anchor pairs", section.line));
            }
            if section.number("coords", Some(4))? != 4 {
                return Err(format!("line {}: only coords=4 (x, y, w, h) is supported", section.line));
            }
            Layer::Head(DetectionHead { anchors, classes: section.number("classes", None)?, kind: HeadKind::Region })
        }
        other => return Err(format!("line {}: unknown layer [{other}]", section.line)),
    })
}

/// The `anchors=` list as (width, height) pairs.
fn anchor_pairs(section: &Section) -> Result<Vec<(f32, f32)>, String> {
    let anchors = section.list::<f32>("anchors")?;
    if anchors.len() % 2 != 0 {
        return Err(format!("line {}: anchors must come in (width, height) pairs", section.line));
    }
    Ok(anchors.chunks(2).map(|p| (p[0], p[1])).collect())
}

/// Parses a `.cfg` file's text.
pub fn parse(text: &str) -> Result<Cfg, String> {
    let sections = sections(text)?;
    let Some((net, rest)) = sections.split_first().filter(|(net, _)| matches!(net.name, "net" | "network")) else {
        return Err("the cfg does not start with [net]".into());
    };
    let layers =
        rest.iter().enumerate().map(|(index, section)| layer(section, index)).collect::<Result<Vec<_>, _>>()?;
    if layers.is_empty() {
        return Err("the cfg has no layers after [net]".into());
    }
    Ok(Cfg {
        width: net.number("width", None)?,
        height: net.number("height", None)?,
        channels: net.number("channels", Some(3))?,
        layers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str =
        "[net]\nwidth=64\nheight=64 # a comment\n\n[convolutional]\nfilters=8\nsize=3\nstride=2\npad=1\n\
        batch_normalize=1\nactivation=leaky\n\n[maxpool]\nsize=3\nstride=1\n\n[route]\nlayers=-1,0\n\n\
        [shortcut]\nfrom=-3\n\n[yolo]\nmask=1\nanchors=10,14, 23,27\nclasses=2\n";

    #[test]
    fn a_small_cfg_parses_into_resolved_layers() {
        let cfg = parse(SMALL).unwrap();
        assert_eq!((cfg.width, cfg.height, cfg.channels), (64, 64, 3));
        assert_eq!(
            cfg.layers[0],
            Layer::Convolutional(Convolutional {
                filters: 8,
                size: 3,
                stride: 2,
                padding: 1,
                groups: 1,
                batch_normalize: true,
                activation: Activation::LeakyRelu(0.1),
            })
        );
        assert_eq!(cfg.layers[1], Layer::Maxpool { size: 3, stride: 1, padding: 2 });
        assert_eq!(cfg.layers[2], Layer::Route { layers: vec![1, 0] });
        assert_eq!(cfg.layers[3], Layer::Shortcut { from: 0, activation: Activation::Linear });
        let head = DetectionHead { anchors: vec![(23.0, 27.0)], classes: 2, kind: HeadKind::Yolo { scale_x_y: 1.0 } };
        assert_eq!(cfg.layers[4], Layer::Head(head));
    }

    #[test]
    fn a_region_head_keeps_its_fractional_anchors() {
        let text = "[net]\nwidth=32\nheight=32\n[convolutional]\nfilters=14\n[region]\nanchors=1.08,1.19, 3.42,4.41\n\
            num=2\nclasses=2\ncoords=4\n";
        let head = DetectionHead { anchors: vec![(1.08, 1.19), (3.42, 4.41)], classes: 2, kind: HeadKind::Region };
        assert_eq!(parse(text).unwrap().layers[1], Layer::Head(head));
        assert!(parse(&text.replace("num=2", "num=5")).unwrap_err().contains("num differs"));
    }

    #[test]
    fn errors_say_what_and_where() {
        let unknown = SMALL.replace("[maxpool]", "[fancy]");
        assert_eq!(parse(&unknown).unwrap_err(), "line 13: unknown layer [fancy]");
        let forward = SMALL.replace("layers=-1,0", "layers=5");
        assert!(parse(&forward).unwrap_err().starts_with("line 17: layer 2 refers to layer 5"));
        let bad_number = SMALL.replace("filters=8", "filters=eight");
        assert_eq!(parse(&bad_number).unwrap_err(), "line 6: filters=eight is not a valid number");
        assert!(parse("[convolutional]\nfilters=1").unwrap_err().contains("[net]"));
        let activation = SMALL.replace("leaky", "mish");
        assert_eq!(parse(&activation).unwrap_err(), "line 11: activation=mish is not supported");
    }
}
