//! Darknet's network description (`.cfg`): INI-like sections, `[net]` first, then one section per layer,
//! numbered from 0. Parsed into typed layers with every index resolved; an error names the line and what
//! is wrong. Training-only keys (learning rate, jitter, …) are ignored.

use super::error::DarknetError;
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
    /// `[avgpool]`: the mean of each channel over the whole map (a classifier's global average pool).
    Avgpool,
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

    fn needs(&self, key: &str) -> DarknetError {
        DarknetError::CfgNeedsOption { line: self.line, section: self.name.into(), key: key.into() }
    }

    fn number<T: std::str::FromStr>(&self, key: &str, default: Option<T>) -> Result<T, DarknetError> {
        match self.raw(key) {
            Some((value, line)) => {
                value.parse().map_err(|_| DarknetError::CfgNotANumber { line, key: key.into(), value: value.into() })
            }
            None => default.ok_or_else(|| self.needs(key)),
        }
    }

    fn list<T: std::str::FromStr>(&self, key: &str) -> Result<Vec<T>, DarknetError> {
        let Some((value, line)) = self.raw(key) else {
            return Err(self.needs(key));
        };
        let not_a_list = || DarknetError::CfgNotAList { line, key: key.into(), value: value.into() };
        value.split(',').map(|item| item.trim().parse().map_err(|_| not_a_list())).collect()
    }

    fn not_positive(&self, keys: &str) -> DarknetError {
        DarknetError::CfgNotPositive { line: self.line, keys: keys.into() }
    }

    fn activation(&self) -> Result<Activation, DarknetError> {
        match self.raw("activation") {
            None | Some(("linear", _)) => Ok(Activation::Linear),
            Some(("leaky", _)) => Ok(Activation::LeakyRelu(0.1)),
            Some(("relu", _)) => Ok(Activation::Relu),
            Some(("logistic", _)) => Ok(Activation::Sigmoid),
            Some((other, line)) => Err(DarknetError::CfgActivation { line, activation: other.into() }),
        }
    }
}

fn sections(text: &str) -> Result<Vec<Section<'_>>, DarknetError> {
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
            let section = sections.last_mut().ok_or(DarknetError::CfgOptionOutsideSection { line })?;
            section.options.push((key.trim(), value.trim(), line));
        } else {
            return Err(DarknetError::CfgLine { line, found: content.into() });
        }
    }
    Ok(sections)
}

/// Resolves a layer reference: negative counts back from layer `index`, else it is absolute.
fn earlier(reference: i64, index: usize, section: &Section) -> Result<usize, DarknetError> {
    let absolute = if reference < 0 { index as i64 + reference } else { reference };
    if absolute < 0 || absolute >= index as i64 {
        return Err(DarknetError::CfgLaterLayer { line: section.line, layer: index, refers: absolute });
    }
    Ok(absolute as usize)
}

fn layer(section: &Section, index: usize) -> Result<Layer, DarknetError> {
    Ok(match section.name {
        "convolutional" | "conv" => {
            let size = section.number("size", Some(1))?;
            let pad: usize = section.number("pad", Some(0))?;
            let stride = section.number("stride", Some(1))?;
            let groups = section.number("groups", Some(1))?;
            if size == 0 || stride == 0 || groups == 0 {
                return Err(section.not_positive("size, stride, groups"));
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
                return Err(section.not_positive("size, stride"));
            }
            Layer::Maxpool { size, stride, padding: section.number("padding", Some(size - 1))? }
        }
        "route" => {
            if section.number("groups", Some(1))? != 1 {
                return Err(DarknetError::CfgGroupedRoute { line: section.line });
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
        "avgpool" => Layer::Avgpool,
        "yolo" => {
            let anchors = anchor_pairs(section)?;
            let mask = match section.raw("mask") {
                Some(_) => section.list("mask")?,
                None => (0..anchors.len() as i64).collect(),
            };
            let anchors = mask
                .iter()
                .map(|&m| {
                    let missing = DarknetError::CfgMaskWithoutAnchor { line: section.line, mask: m };
                    anchors.get(m as usize).copied().ok_or(missing)
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
                return Err(DarknetError::CfgAnchorCount { line: section.line });
            }
            if section.number("coords", Some(4))? != 4 {
                return Err(DarknetError::CfgCoords { line: section.line });
            }
            Layer::Head(DetectionHead { anchors, classes: section.number("classes", None)?, kind: HeadKind::Region })
        }
        other => return Err(DarknetError::CfgUnknownLayer { line: section.line, name: other.into() }),
    })
}

/// The `anchors=` list as (width, height) pairs.
fn anchor_pairs(section: &Section) -> Result<Vec<(f32, f32)>, DarknetError> {
    let anchors = section.list::<f32>("anchors")?;
    if anchors.len() % 2 != 0 {
        return Err(DarknetError::CfgOddAnchors { line: section.line });
    }
    Ok(anchors.chunks(2).map(|p| (p[0], p[1])).collect())
}

/// Parses a `.cfg` file's text.
pub fn parse(text: &str) -> Result<Cfg, DarknetError> {
    let sections = sections(text)?;
    let Some((net, rest)) = sections.split_first().filter(|(net, _)| matches!(net.name, "net" | "network")) else {
        return Err(DarknetError::CfgNoNet);
    };
    let layers =
        rest.iter().enumerate().map(|(index, section)| layer(section, index)).collect::<Result<Vec<_>, _>>()?;
    if layers.is_empty() {
        return Err(DarknetError::CfgNoLayers);
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
    fn a_classifier_s_global_average_pool_takes_the_whole_square_map() {
        let text = "[net]\nwidth=8\nheight=8\nchannels=3\n[convolutional]\nfilters=5\nsize=3\npad=1\n[avgpool]\n";
        let cfg = parse(text).unwrap();
        assert_eq!(cfg.layers[1], Layer::Avgpool);
        let image = |height, width| crate::engine::ops::Image { batch: 1, height, width, channels: 3 };
        let shapes = super::super::network::shapes(&cfg, image(8, 8)).unwrap();
        assert_eq!((shapes[1].height, shapes[1].width, shapes[1].channels), (1, 1, 5));
        let oblong = super::super::network::shapes(&cfg, image(8, 6)).unwrap_err();
        assert_eq!(oblong.to_string(), "layer 1 (avgpool): a 8×8 window does not fit its 8×6 input");
    }

    #[test]
    fn a_region_head_keeps_its_fractional_anchors() {
        let text = "[net]\nwidth=32\nheight=32\n[convolutional]\nfilters=14\n[region]\nanchors=1.08,1.19, 3.42,4.41\n\
            num=2\nclasses=2\ncoords=4\n";
        let head = DetectionHead { anchors: vec![(1.08, 1.19), (3.42, 4.41)], classes: 2, kind: HeadKind::Region };
        assert_eq!(parse(text).unwrap().layers[1], Layer::Head(head));
        assert_eq!(parse(&text.replace("num=2", "num=5")).unwrap_err(), DarknetError::CfgAnchorCount { line: 6 });
    }

    #[test]
    fn errors_say_what_and_where() {
        let unknown = SMALL.replace("[maxpool]", "[fancy]");
        assert_eq!(parse(&unknown).unwrap_err(), DarknetError::CfgUnknownLayer { line: 13, name: "fancy".into() });
        assert_eq!(parse(&unknown).unwrap_err().to_string(), "line 13: unknown layer [fancy]");
        let forward = SMALL.replace("layers=-1,0", "layers=5");
        assert_eq!(parse(&forward).unwrap_err(), DarknetError::CfgLaterLayer { line: 17, layer: 2, refers: 5 });
        let bad_number = SMALL.replace("filters=8", "filters=eight");
        let not_a_number = DarknetError::CfgNotANumber { line: 6, key: "filters".into(), value: "eight".into() };
        assert_eq!(parse(&bad_number).unwrap_err(), not_a_number);
        assert_eq!(not_a_number.to_string(), "line 6: filters=eight is not a valid number");
        assert_eq!(parse("[convolutional]\nfilters=1").unwrap_err(), DarknetError::CfgNoNet);
        let activation = SMALL.replace("leaky", "mish");
        assert_eq!(
            parse(&activation).unwrap_err(),
            DarknetError::CfgActivation { line: 11, activation: "mish".into() }
        );
    }
}
