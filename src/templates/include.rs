//! Templates within templates without copying the page's data: handlebars'
//! own partials clone the whole context at every inclusion (the page's
//! rows, once for the layout and again for each partial), so a page wraps
//! itself in `{{#layout title_id="…"}}…{{/layout}}` and includes another
//! template with `{{include "partials/…" key=value}}`, both rendered in
//! place, their hash values visible inside as block parameters (as a
//! partial's are).

use handlebars::{
    BlockContext, BlockParamHolder, Context, Handlebars, Helper, HelperDef, HelperResult, Output,
    RenderContext, RenderErrorReason, Renderable, Template,
};

/// The site's frame around a page: `layouts/top`, the page, `layouts/bottom`.
pub struct Layout;

/// Another template rendered in place: `{{include "partials/pager"}}`.
pub struct Include;

impl HelperDef for Layout {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        in_block(h, rc, |rc| {
            template(r, "layouts/top")?.render(r, ctx, rc, out)?;
            if let Some(page) = h.template() {
                page.render(r, ctx, rc, out)?;
            }
            template(r, "layouts/bottom")?.render(r, ctx, rc, out)
        })
    }
}

impl HelperDef for Include {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let name = h
            .param(0)
            .and_then(|p| p.value().as_str())
            .ok_or(RenderErrorReason::ParamNotFoundForIndex("include", 0))?;
        let included = template(r, name)?;
        in_block(h, rc, |rc| included.render(r, ctx, rc, out))
    }
}

fn template<'reg>(
    r: &'reg Handlebars<'reg>,
    name: &str,
) -> Result<&'reg Template, RenderErrorReason> {
    r.get_template(name)
        .ok_or_else(|| RenderErrorReason::PartialNotFound(name.to_owned()))
}

/// Runs `render` in a block of its own (`block_of`), popped whatever it returns.
fn in_block<'reg: 'rc, 'rc>(
    h: &Helper<'rc>,
    rc: &mut RenderContext<'reg, 'rc>,
    render: impl FnOnce(&mut RenderContext<'reg, 'rc>) -> HelperResult,
) -> HelperResult {
    rc.push_block(block_of(h, rc));
    let rendered = render(rc);
    rc.pop_block();
    rendered
}

/// A block over the current one's data (its path, its value when it has
/// one of its own, its `@index` and the like), with the helper's hash as
/// block parameters.
fn block_of<'rc>(h: &Helper<'rc>, rc: &RenderContext<'_, 'rc>) -> BlockContext<'rc> {
    let mut block = BlockContext::new();
    if let Some(current) = rc.block() {
        block.base_path_mut().clone_from(current.base_path());
        if let Some(value) = current.base_value() {
            block.set_base_value(value.clone());
        }
        block
            .local_variables_mut()
            .clone_from(current.local_variables());
    }
    for (key, value) in h.hash() {
        block.set_block_param(key, BlockParamHolder::Value(value.value().clone()));
    }
    block
}
