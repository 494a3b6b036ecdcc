using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Chatalot.Server.Hosting.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    internal partial class Conversations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ThreadRootId",
                table: "messages",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Position",
                table: "channels",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "channel_pins",
                columns: table => new
                {
                    ChannelId = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    PinnedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    PinnedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_channel_pins", x => new { x.ChannelId, x.MessageId });
                });

            migrationBuilder.CreateTable(
                name: "read_states",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    ChannelId = table.Column<Guid>(type: "uuid", nullable: false),
                    LastReadMessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    LastReadSeq = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_read_states", x => new { x.UserId, x.ChannelId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_messages_ThreadRootId_Seq",
                table: "messages",
                columns: new[] { "ThreadRootId", "Seq" });

            migrationBuilder.CreateIndex(
                name: "IX_channel_pins_MessageId",
                table: "channel_pins",
                column: "MessageId");

            migrationBuilder.CreateIndex(
                name: "IX_read_states_ChannelId",
                table: "read_states",
                column: "ChannelId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "channel_pins");

            migrationBuilder.DropTable(
                name: "read_states");

            migrationBuilder.DropIndex(
                name: "IX_messages_ThreadRootId_Seq",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "ThreadRootId",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "Position",
                table: "channels");
        }
    }
}
