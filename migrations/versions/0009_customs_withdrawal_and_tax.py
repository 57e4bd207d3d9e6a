"""customs: the withdrawal of a manifest (CEB623) and customs' answer (CEB624); customs' tax
receipt of a released manifest (CEB816)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-21 13:30:00.000000

"""
from alembic import op
import sqlalchemy as sa
import warehouse.db


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('manifest_cancellations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('manifest_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('info', sa.String(length=500), nullable=False),
    sa.Column('xml', sa.Text(), nullable=False),
    sa.Column('requested_at', warehouse.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', warehouse.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('answered_at', warehouse.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['manifest_id'], ['manifests.id'], name=op.f('fk_manifest_cancellations_manifest_id_manifests')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_manifest_cancellations')),
    sa.UniqueConstraint('manifest_id', name=op.f('uq_manifest_cancellations_manifest_id'))
    )
    with op.batch_alter_table('manifest_cancellations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_manifest_cancellations_status'), ['status'], unique=False)

    op.create_table('manifest_tax_receipts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('manifest_id', sa.Integer(), nullable=False),
    sa.Column('tax_no', sa.String(length=40), nullable=False),
    sa.Column('duty_fen', sa.Integer(), nullable=False),
    sa.Column('vat_fen', sa.Integer(), nullable=False),
    sa.Column('ct_fen', sa.Integer(), nullable=False),
    sa.Column('total_fen', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('received_at', warehouse.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['manifest_id'], ['manifests.id'], name=op.f('fk_manifest_tax_receipts_manifest_id_manifests')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_manifest_tax_receipts')),
    sa.UniqueConstraint('manifest_id', name=op.f('uq_manifest_tax_receipts_manifest_id'))
    )
    with op.batch_alter_table('manifest_tax_receipts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_manifest_tax_receipts_status'), ['status'], unique=False)


def downgrade():
    with op.batch_alter_table('manifest_tax_receipts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_manifest_tax_receipts_status'))
    op.drop_table('manifest_tax_receipts')
    with op.batch_alter_table('manifest_cancellations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_manifest_cancellations_status'))
    op.drop_table('manifest_cancellations')
