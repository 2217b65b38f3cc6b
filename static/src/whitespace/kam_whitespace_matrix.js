import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { Layout } from "@web/search/layout";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

/**
 * The whitespace matrix of a key account: the account and each company below
 * it in rows, the services of the catalogue by category in columns, each
 * cell held, in the pipeline or white. A white cell becomes an opportunity
 * in one click; a cell in the pipeline opens its opportunity.
 */
export class KamWhitespaceMatrix extends Component {
    static template = "key_account_management.WhitespaceMatrix";
    static components = { Layout };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.state = useState({ matrix: { companies: [], categories: [], cells: {} } });
        onWillStart(() => this.load());
    }

    get partnerId() {
        return this.props.action.context.active_id;
    }

    get products() {
        return this.state.matrix.categories.flatMap((category) => category.products);
    }

    async load() {
        this.state.matrix = await this.orm.call("kam.whitespace.cell", "get_matrix", [
            this.partnerId,
        ]);
    }

    getCell(company, product) {
        return this.state.matrix.cells[`${company.id}-${product.id}`];
    }

    async onCellClick(cell) {
        if (!cell || cell.state === "held") {
            return;
        }
        const method =
            cell.state === "white" ? "action_create_opportunity" : "action_open_opportunity";
        const action = await this.orm.call("kam.whitespace.cell", method, [[cell.id]]);
        await this.actionService.doAction(action);
    }

    async openList() {
        const action = await this.orm.call("res.partner", "action_kam_view_whitespace_list", [
            [this.partnerId],
        ]);
        await this.actionService.doAction(action);
    }
}

registry.category("actions").add("kam_whitespace_matrix", KamWhitespaceMatrix);
