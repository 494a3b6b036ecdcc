using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Chatalot.Server.Hosting.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    internal partial class Franking : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "FrankCommitment",
                table: "messages",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "FrankKeyId",
                table: "messages",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "FrankTag",
                table: "messages",
                type: "bytea",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "reports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ReporterId = table.Column<Guid>(type: "uuid", nullable: false),
                    SenderId = table.Column<Guid>(type: "uuid", nullable: false),
                    SenderDeviceId = table.Column<int>(type: "integer", nullable: false),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    ChannelId = table.Column<Guid>(type: "uuid", nullable: false),
                    CommunityId = table.Column<Guid>(type: "uuid", nullable: true),
                    Reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Plaintext = table.Column<byte[]>(type: "bytea", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ResolvedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ResolvedBy = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reports", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_reports_CommunityId_Status_CreatedAt",
                table: "reports",
                columns: new[] { "CommunityId", "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_reports_MessageId_ReporterId",
                table: "reports",
                columns: new[] { "MessageId", "ReporterId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "reports");

            migrationBuilder.DropColumn(
                name: "FrankCommitment",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "FrankKeyId",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "FrankTag",
                table: "messages");
        }
    }
}
