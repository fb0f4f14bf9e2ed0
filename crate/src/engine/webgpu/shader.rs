//! The contract between the host and a WGSL shader family, written once on the Rust side.
//!
//! - A family's parameters are one `#[repr(C)]` struct of 4-byte scalars (`shader_params!`); the WGSL
//!   `struct Params` is written from the same field list and compiled in front of the family's files, so
//!   a field added, dropped or reordered on one side is on the other too.
//! - Binding convention: binding 0 is always `params` (declared here, not in the files); a file's storage
//!   buffers follow from binding 1 in the order it declares them.
//! - `Shader<P>` ties a family's files to its parameter type, so a dispatch cannot hand one family
//!   another's parameters.
//! - A family that sums over a workgroup (`Shader::reducing`) has `workgroup_sum` in front of its files:
//!   by subgroups where the device has them (reduce_subgroups.wgsl), else by a tree in workgroup memory
//!   (reduce_workgroup.wgsl). Its entry points take their invocation as `at: Invocation`, which each of
//!   the two declares with the built-in values it needs.

use super::codes;
use std::marker::PhantomData;

/// A shader family's parameters: plain old data whose WGSL twin is `WGSL`.
pub(super) trait ShaderParams: bytemuck::Pod {
    /// The WGSL declaration of `struct Params`, field for field.
    const WGSL: &'static str;
}

/// The binding of every shader's `params`.
pub(super) const PARAMS_BINDING: u32 = 0;

/// Declares a family's parameter struct and its WGSL twin. Fields are `u32`, `i32` or `f32`, names that
/// mean the same 4-byte scalar in both languages; packed without padding, the Rust and WGSL layouts agree.
macro_rules! shader_params {
    ($(#[$meta:meta])* struct $name:ident { $($(#[$field_meta:meta])* $field:ident: $ty:ident,)+ }) => {
        $(#[$meta])*
        #[repr(C)]
        #[derive(Clone, Copy, Default, Debug, bytemuck::Pod, bytemuck::Zeroable)]
        pub(super) struct $name {
            $($(#[$field_meta])* pub(super) $field: $ty,)+
        }

        impl $crate::engine::webgpu::shader::ShaderParams for $name {
            const WGSL: &'static str =
                concat!("struct Params {\n", $("    ", stringify!($field), ": ", stringify!($ty), ",\n",)+ "}\n");
        }

        // Every field a 4-byte scalar: no padding for the two layouts to disagree on.
        const _: () = assert!(std::mem::size_of::<$name>() == 4 * [$(stringify!($field)),+].len());
    };
}
pub(super) use shader_params;

/// The WGSL files of a family, concatenated at compile time.
macro_rules! shader_files {
    ($($file:literal),+) => {
        concat!($(include_str!(concat!("../../../../shaders/", $file))),+)
    };
}
pub(super) use shader_files;

/// Invocations in a workgroup of the entry points that call `workgroup_sum` (`@workgroup_size(REDUCE_THREADS)`).
pub(super) const REDUCE_THREADS: usize = 256;

/// A WGSL module: its files, compiled behind the generated constants and its parameters.
pub(super) struct Shader<P> {
    /// Names the module in the pipeline cache and in GPU error messages.
    pub(super) name: &'static str,
    files: &'static str,
    /// Whether the files call `workgroup_sum`.
    reduces: bool,
    params: PhantomData<P>,
}

impl<P: ShaderParams> Shader<P> {
    pub(super) const fn new(name: &'static str, files: &'static str) -> Self {
        Self { name, files, reduces: false, params: PhantomData }
    }

    /// A family whose files call `workgroup_sum`.
    pub(super) const fn reducing(name: &'static str, files: &'static str) -> Self {
        Self { name, files, reduces: true, params: PhantomData }
    }

    /// The module's source: the activation and resize constants (`codes.rs`), `struct Params` and its
    /// binding, `workgroup_sum` for a family that reduces (by subgroups when `subgroups`), then the files.
    pub(super) fn source(&self, subgroups: bool) -> String {
        let params = format!("@group(0) @binding({PARAMS_BINDING}) var<uniform> params: Params;\n");
        // The browser's WGSL wants subgroups enabled, before anything else; naga (wgpu's WGSL natively)
        // takes them from the device's features and does not parse the directive yet.
        let enable = self.reduces && subgroups && cfg!(target_arch = "wasm32");
        let mut source = String::from(if enable { "enable subgroups;\n" } else { "" });
        source += &(codes::wgsl_constants() + P::WGSL + &params);
        if self.reduces {
            source += &format!("const REDUCE_THREADS: u32 = {REDUCE_THREADS}u;\n");
            source += if subgroups { REDUCE_BY_SUBGROUPS } else { REDUCE_IN_WORKGROUP_MEMORY };
        }
        source + self.files
    }
}

const REDUCE_BY_SUBGROUPS: &str = shader_files!("reduce_subgroups.wgsl");
const REDUCE_IN_WORKGROUP_MEMORY: &str = shader_files!("reduce_workgroup.wgsl");

#[cfg(test)]
mod tests {
    use super::*;

    shader_params! {
        struct Example {
            len: u32,
            offset: i32,
            scale: f32,
        }
    }

    #[test]
    fn the_wgsl_struct_has_the_rust_fields_in_order() {
        assert_eq!(Example::WGSL, "struct Params {\n    len: u32,\n    offset: i32,\n    scale: f32,\n}\n");
        let bytes = bytemuck::bytes_of(&Example { len: 1, offset: -2, scale: 0.5 }).to_vec();
        let expected: Vec<u8> = [1u32.to_le_bytes(), (-2i32).to_le_bytes(), 0.5f32.to_le_bytes()].concat();
        assert_eq!(bytes, expected, "fields are laid out in declaration order, 4 bytes each");
    }

    #[test]
    fn the_source_declares_params_at_binding_zero_before_the_files() {
        let source = Shader::<Example>::new("example", "fn f() {}\n").source(false);
        let declaration = source.find("var<uniform> params: Params;").expect("params declared");
        assert!(source.contains("@group(0) @binding(0) var<uniform> params: Params;"), "{source}");
        assert!(source.find("struct Params").unwrap() < declaration);
        assert!(declaration < source.find("fn f()").unwrap());
    }

    #[test]
    fn a_family_that_reduces_sums_by_subgroups_or_by_a_tree_and_others_have_neither() {
        let reducing = Shader::<Example>::reducing("example", "fn f() {}\n");
        let (by_subgroups, by_tree) = (reducing.source(true), reducing.source(false));
        for source in [&by_subgroups, &by_tree] {
            assert!(source.contains("const REDUCE_THREADS: u32 = 256u;") && source.contains("fn workgroup_sum("));
            assert!(source.find("fn workgroup_sum(").unwrap() < source.find("fn f()").unwrap());
        }
        assert!(by_subgroups.contains("subgroupAdd(") && !by_tree.contains("subgroupAdd("), "{by_tree}");
        // Natively naga takes subgroups from the device's features and rejects the directive.
        assert!(!by_subgroups.contains("enable subgroups;"));
        let plain = Shader::<Example>::new("example", "fn f() {}\n");
        assert_eq!(plain.source(true), plain.source(false));
        assert!(!plain.source(true).contains("workgroup_sum"));
    }
}
