"""returns: the CEB625 declaration's customs answer (CEB626) and the tax refund's payment;
overseas: stock reserved for local orders, their allocation, transfer labels

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-21 09:30:00.000000

"""
from alembic import op
import sqlalchemy as sa
import warehouse.db


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('return_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('customs_status', sa.String(length=16), nullable=True))
        batch_op.add_column(
            sa.Column('customs_info', sa.String(length=500), nullable=False, server_default='')
        )
        batch_op.add_column(
            sa.Column('declared_at', warehouse.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column('ceb625_sent_at', warehouse.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                'customs_answered_at', warehouse.db.UTCDateTime(timezone=True), nullable=True
            )
        )
        batch_op.create_index(
            batch_op.f('ix_return_requests_customs_status'), ['customs_status'], unique=False
        )
    with op.batch_alter_table('return_tax_refunds', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('paid_at', warehouse.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column('payment_ref', sa.String(length=64), nullable=False, server_default='')
        )


    with op.batch_alter_table('overseas_stock', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('reserved', sa.Integer(), nullable=False, server_default='0')
        )
    with op.batch_alter_table('overseas_orders', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                'allocation', warehouse.db.JSONType(), nullable=False, server_default=sa.text("'[]'")
            )
        )
    with op.batch_alter_table('overseas_transfers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('label', sa.String(length=40), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f('uq_overseas_transfers_label'), ['label']
        )


def downgrade():
    with op.batch_alter_table('overseas_transfers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_overseas_transfers_label'), type_='unique')
        batch_op.drop_column('label')
    with op.batch_alter_table('overseas_orders', schema=None) as batch_op:
        batch_op.drop_column('allocation')
    with op.batch_alter_table('overseas_stock', schema=None) as batch_op:
        batch_op.drop_column('reserved')
    with op.batch_alter_table('return_tax_refunds', schema=None) as batch_op:
        batch_op.drop_column('payment_ref')
        batch_op.drop_column('paid_at')
    with op.batch_alter_table('return_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_return_requests_customs_status'))
        batch_op.drop_column('customs_answered_at')
        batch_op.drop_column('ceb625_sent_at')
        batch_op.drop_column('declared_at')
        batch_op.drop_column('customs_info')
        batch_op.drop_column('customs_status')
