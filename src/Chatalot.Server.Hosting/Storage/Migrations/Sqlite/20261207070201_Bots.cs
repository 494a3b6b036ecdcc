using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Chatalot.Server.Hosting.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class Bots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsBot",
                table: "users",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "bots",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    CommunityId = table.Column<Guid>(type: "TEXT", nullable: true),
                    TokenHash = table.Column<byte[]>(type: "BLOB", nullable: true),
                    TokenIssuedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bots", x => x.UserId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_bots_CommunityId",
                table: "bots",
                column: "CommunityId");

            migrationBuilder.CreateIndex(
                name: "IX_bots_CreatedBy",
                table: "bots",
                column: "CreatedBy");

            migrationBuilder.CreateIndex(
                name: "IX_bots_TokenHash",
                table: "bots",
                column: "TokenHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "bots");

            migrationBuilder.DropColumn(
                name: "IsBot",
                table: "users");
        }
    }
}
